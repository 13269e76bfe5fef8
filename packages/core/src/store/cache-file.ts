import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-dir.js';
import { uniqueSuffix } from './unique-suffix.js';
import { unlinkIfPresent } from './unlink-if-present.js';

/**
 * Writes derived data (a cache) that only saves work: not fsynced, and one that is missing,
 * damaged or cannot be written only makes the next run slower, so a failure here is not an error.
 * Readers never see half a file: it is written beside and renamed into place. The old file goes
 * first: a file renamed over another makes ext4 write its data with the next journal commit — the
 * next fsync of the run waits for it. A crash in between only loses the cache.
 */
export function writeCacheFile(path: string, contents: string | Uint8Array): void {
  const temp = `${path}.${uniqueSuffix()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
    writeFileSync(temp, contents, { mode: PRIVATE_FILE_MODE });
    unlinkIfPresent(path);
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}
