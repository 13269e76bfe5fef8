import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { ignoreEverythingIn } from './git-ignored.js';

/**
 * Writes a cache into the clone's runtime folder `.flowforge/daemon/` (git-ignored), atomically but
 * not durably. A cache is derived data: one lost in a power cut, or that cannot be written (a
 * read-only clone, a full disk), only makes the next run slower, so a failure here is not an error. A repo with no `.flowforge/` yet (one
 * that does not use FlowForge, or a command refused before anything ran) gets none: reading
 * must not create it.
 */
export async function writeRuntimeCache(repoRoot: string, relativePath: string, contents: string | Uint8Array): Promise<void> {
  if (!existsSync(join(repoRoot, '.flowforge'))) return;
  try {
    await ignoreEverythingIn(join(repoRoot, '.flowforge', 'daemon'));
    await writeFileAtomic(join(repoRoot, relativePath), contents, { durable: false });
  } catch {
    // only slower next time
  }
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
