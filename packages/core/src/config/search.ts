import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { findRepoRoot } from '../repo.js';

/** docs/tracking.md, "Where the data lives": every name a team may give its config file, in the order they are looked for. */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.flowforgerc',
  '.flowforgerc.json',
  '.flowforgerc.yaml',
  '.flowforgerc.yml',
  'flowforge.config.js',
  'flowforge.config.mjs',
  'flowforge.config.cjs',
  'flowforge.config.ts',
] as const;

/** Existing files named like a config, nearest folder first, up to the work tree's top. */
export function searchCandidates(cwd: string, repoRoot: string | null = findRepoRoot(cwd)): string[] {
  const stop = repoRoot ?? cwd;
  const found: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const place of CONFIG_SEARCH_PLACES) {
      const file = join(dir, place);
      if (existsSync(file)) found.push(file);
    }
    if (dir === stop || dirname(dir) === dir) return found;
  }
}

/** Paths inside the current folder are shown relative to it, as git shows them. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

