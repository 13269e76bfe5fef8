import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Private detail (docs/tracking.md, "Where the data lives") is readable by its owner only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Makes a folder's entries (a new, renamed or removed file) survive a power cut: fsyncing a file
 * makes its bytes durable, not its name. Windows cannot open a folder for fsync, and NTFS journals
 * the metadata of a rename itself, so there it is left to the file system.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  // Synchronous inside, for the reason given in create-file.ts.
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `dir` and any missing parents with mode 0700, and makes each new folder's name durable
 * in its parent, so that a file fsynced inside it cannot vanish with the folder after a crash.
 * Synchronous inside, for the reason given in create-file.ts.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const target = resolve(dir);
  const firstCreated = mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (firstCreated === undefined) return;
  for (let created = target; ; created = dirname(created)) {
    await fsyncDirectory(dirname(created));
    if (created === firstCreated) return;
  }
}
