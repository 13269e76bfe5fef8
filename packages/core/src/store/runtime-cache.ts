import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCacheFile } from './cache-file.js';
import { ignoreEverythingIn } from './git-ignored.js';

/**
 * Writes a cache into the clone's runtime folder `.flowforge/daemon/` (git-ignored), as
 * `writeCacheFile` writes derived data. A repo with no `.flowforge/` yet (one that does not use
 * FlowForge, or a command refused before anything ran) gets none: reading must not create it.
 */
export async function writeRuntimeCache(repoRoot: string, relativePath: string, contents: string | Uint8Array): Promise<void> {
  if (!existsSync(join(repoRoot, '.flowforge'))) return;
  try {
    await ignoreEverythingIn(join(repoRoot, '.flowforge', 'daemon'));
  } catch {
    return; // a read-only clone: only slower next time
  }
  writeCacheFile(join(repoRoot, relativePath), contents);
}

/** A JSON cache written by `writeRuntimeCache`, or `undefined` when it is missing or damaged. */
export function readRuntimeCache(repoRoot: string, relativePath: string): unknown {
  return readJsonCache(join(repoRoot, relativePath));
}

/** The value of a JSON cache file, or `undefined` when it is missing or damaged (it is derived data). */
export function readJsonCache(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
