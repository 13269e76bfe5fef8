import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { QUARANTINE_DIR } from '@flowforge/core/internal';
import { type LayerFile, layerFile } from './manifest.js';

/**
 * What a snapshot leaves out of `.flowforge/user/<id>/`:
 * - `.lock` (and its `.lock.breaking` guard, and a `.lock.<token>.tmp` being linked into place):
 *   who holds the store now, meaningless later;
 * - `.quarantine/` folders (beside each damaged file, and `pre-recover-*` at the top): damaged or
 *   replaced bytes kept for a human, never restored over good data;
 * - `time/changes`: the days not yet aggregated, a to-do list that `recover` rewrites whole (every
 *   day) — kept in, it would make the run after each aggregation (which empties it) a new snapshot;
 * - `.<name>.<random>.tmp`: a whole-file write a crash interrupted.
 */
export function isBackedUp(path: string): boolean {
  const segments = path.split('/');
  if (segments.includes(QUARANTINE_DIR) || (segments.length === 1 && path.startsWith('.lock'))) return false;
  if (path === 'time/changes') return false;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return !(name.startsWith('.') && name.endsWith('.tmp'));
}

/*
 * Synchronous on purpose: a year of data is hundreds of small files, and hundreds of async reads
 * queue on libuv's four threads (measured: far slower in the pre-commit hook than reading them
 * one after another). These run in short-lived CLI processes, never in a server's event loop.
 */

/** The relative paths (`/`-separated) of the regular files under `root`, sorted; none if it is missing. */
export function listFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${path}/`);
      else if (entry.isFile()) found.push(path);
    }
  };
  walk(root, '');
  return found.sort();
}

/** Every backed-up file of a user's private folder, read once and hashed. */
export async function readPrivateLayer(userRoot: string): Promise<LayerFile[]> {
  const paths = listFiles(userRoot).filter(isBackedUp);
  return paths.map((path) => layerFile(path, readFileSync(fileIn(userRoot, path))));
}

/**
 * Where the file at `path` (as `listFiles` gives it) is under `root`. Not `path.join`:
 * it normalises each path, which these paths do not need, and is slow until V8 optimises it: a
 * commit calls it for each of a year's files.
 */
export function fileIn(root: string, path: string): string {
  return `${root}${sep}${sep === '/' ? path : path.replaceAll('/', sep)}`;
}
