import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeCacheFile } from './cache-file.js';
import { assertRealFolders } from './contained.js';
import { ignoreEverythingIn } from './git-ignored.js';
import { readIfRegular } from './regular-file.js';

/**
 * Writes a cache into the clone's runtime folder `.flowforge/daemon/` (git-ignored), as
 * `writeCacheFile` writes derived data. A repo with no `.flowforge/` yet (one that does not use
 * FlowForge, or a command refused before anything ran) gets none: reading must not create it.
 */
export async function writeRuntimeCache(repoRoot: string, relativePath: string, contents: string | Uint8Array): Promise<void> {
  if (!existsSync(join(repoRoot, '.flowforge'))) return;
  try {
    assertRealFolders(repoRoot, dirname(relativePath)); // never written through a link
    await ignoreEverythingIn(join(repoRoot, '.flowforge', 'daemon'));
  } catch {
    return; // a read-only clone, or a link the command's own check names: only slower next time
  }
  writeCacheFile(join(repoRoot, relativePath), contents);
}

/** A JSON cache written by `writeRuntimeCache`, or `undefined` when it is missing or damaged. */
export function readRuntimeCache(repoRoot: string, relativePath: string): unknown {
  return readJsonCache(join(repoRoot, relativePath));
}

/**
 * The value of a JSON cache file, or `undefined` when it is missing, damaged, or anything but a
 * regular file of a sane size (a link committed in its place is never followed): it is derived data.
 */
export function readJsonCache(path: string): unknown {
  const found = readIfRegular(path, MAX_CACHE_BYTES);
  if (!('bytes' in found)) return undefined;
  try {
    return JSON.parse(found.bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A cache holds at most a team's year in columns: tens of megabytes. */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;
