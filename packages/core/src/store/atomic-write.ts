import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { flowForgeError, reasonOf } from '../errors.js';
import { parseJsonBytes } from './json-bytes.js';
import { ensurePrivateDir, fsyncDirectory, PRIVATE_FILE_MODE } from './private-dir.js';
import { quarantine } from './quarantine.js';
import { tempPathFor } from './temp-file.js';

export interface WriteFileAtomicOptions {
  /** Mode of the written file; private (0600) unless the caller says otherwise. */
  mode?: number;
}

/**
 * Replaces `path` so that, after a crash at any point, it holds either the old bytes or the new
 * ones, never a mix or nothing (docs/architecture.md, "Storage rules"). The temp file sits in the same
 * folder because rename is only atomic within one file system; it is fsynced before the rename so
 * the new name cannot point at unwritten blocks (Timewarrior #772), and the folder is fsynced
 * after so the rename itself survives a power cut. Missing folders are created 0700.
 * Synchronous inside, for the reason given in create-file.ts: a commit writes several of these.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const dir = dirname(path);
  await ensurePrivateDir(dir);
  const temp = tempPathFor(path);
  // Created private whatever the final mode, so the bytes are never readable by others mid-write.
  const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    try {
      writeFileSync(fd, data);
      // chmod rather than the open mode: the umask must not change a mode the caller asked for.
      fchmodSync(fd, options.mode ?? PRIVATE_FILE_MODE);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}

/**
 * Reads a whole-file JSON store. A missing file is `undefined` (nothing saved yet). A damaged one
 * is copied to quarantine and reported as FF_STORE_CORRUPT; the file itself stays where it is, so
 * every later read fails loudly too instead of looking like an empty store.
 */
export async function readJsonFile(path: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path); // synchronous, for the reason given in create-file.ts
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return parseJsonBytes(bytes);
  } catch (error) {
    const keptAt = await quarantine(path, bytes);
    throw flowForgeError('FF_STORE_CORRUPT', { file: path, reason: reasonOf(error), keptAt }, error);
  }
}
