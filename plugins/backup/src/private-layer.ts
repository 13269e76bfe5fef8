import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QUARANTINE_DIR } from '@flowforge/core';
import { type LayerFile, layerFile } from './manifest.js';

/**
 * What a snapshot leaves out of `.flowforge/user/<id>/`:
 * - `.lock` (and its `.lock.breaking` guard): who holds the store now, meaningless later;
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

/** The relative paths (`/`-separated) of the regular files under `root`, sorted; none if it is missing. */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const entry of entries) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${path}/`);
      else if (entry.isFile()) found.push(path);
    }
  };
  await walk(root, '');
  return found.sort();
}

/** Every backed-up file of a user's private folder, read once and hashed. */
export async function readPrivateLayer(userRoot: string): Promise<LayerFile[]> {
  const paths = (await listFiles(userRoot)).filter(isBackedUp);
  return Promise.all(paths.map(async (path) => layerFile(path, await readFile(join(userRoot, ...path.split('/'))))));
}
