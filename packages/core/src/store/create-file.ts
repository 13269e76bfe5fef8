import { closeSync, fsyncSync, openSync, writeFileSync } from 'node:fs';

/**
 * Creates `path` (failing if it exists: nothing is ever overwritten) with `bytes`, fsynced before
 * it returns. The caller fsyncs the folder once it has created all its files.
 *
 * Synchronous inside: each async step is a round trip through libuv's four threads, and a commit
 * that writes a snapshot makes dozens of them. FlowForge runs in short-lived processes.
 */
export async function createFileDurably(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  const fd = openSync(path, 'wx', mode);
  try {
    writeFileSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
