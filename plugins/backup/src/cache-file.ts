import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, uniqueSuffix, unlinkIfPresent } from '@flowforge/core';

/*
 * The backup's caches (`snapshots.index`, `live-files.stamps`) are derived data that only save
 * reading: they are not fsynced, and one that is missing, damaged or cannot be written only makes
 * the next snapshot read more.
 */

export function writeCache(path: string, value: unknown): void {
  const temp = `${path}.${uniqueSuffix()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
    writeFileSync(temp, JSON.stringify(value), { mode: PRIVATE_FILE_MODE });
    // The old one goes first: a file renamed over another makes ext4 write its data with the next
    // journal commit — the fsync of the next snapshot's object (~0.6 ms a commit for the two
    // caches). A crash in between only loses the cache.
    unlinkIfPresent(path);
    renameSync(temp, path);
  } catch {
    // only slower next time
  }
}
