/**
 * Where the v1 file is: `--file`, else the plugin's `file` option, else the places v1 installs
 * used (`.task-times.json`, then the alternatives of variant 9). A named file must exist; the
 * default places may all be empty, and then this importer has nothing to do.
 */
import { migrateErrors } from './errors.js';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { v1FileCandidates } from './options.js';

/** The suffix a finished migration gives the v1 file (unless `--preserve-history`). */
export const MIGRATED_SUFFIX = '.migrated';

export interface V1Location {
  /** Absolute. */
  path: string;
  /** Relative to the repo root with `/` (absolute when outside it): for messages and records. */
  display: string;
}

export type Located = { found: V1Location } | { found: null; looked: string[] };

/** `named` is relative to the repo root unless absolute (the command makes `--file` absolute). */
export function locateV1File(repoRoot: string, named: string | undefined): Located {
  const candidates = v1FileCandidates(named);
  for (const candidate of candidates) {
    const path = resolve(repoRoot, candidate);
    if (existsSync(path)) return { found: { path, display: displayOf(repoRoot, path) } };
  }
  if (named !== undefined) {
    const path = resolve(repoRoot, named);
    throw migrateErrors.create('FF_V1_FILE_NOT_FOUND', { file: displayOf(repoRoot, path), migrated: existsSync(`${path}${MIGRATED_SUFFIX}`) });
  }
  return {
    found: null,
    looked: candidates.map((candidate) => {
      const migrated = existsSync(resolve(repoRoot, `${candidate}${MIGRATED_SUFFIX}`));
      return migrated
        ? `${candidate}: absent, but ${candidate}${MIGRATED_SUFFIX} is there (migrated already; to import it again: --file ${candidate}${MIGRATED_SUFFIX})`
        : `${candidate}: absent`;
    }),
  };
}

export function displayOf(repoRoot: string, path: string): string {
  const inside = relative(repoRoot, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside.split(sep).join('/');
}
