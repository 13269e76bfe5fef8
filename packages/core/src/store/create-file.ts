import { open } from 'node:fs/promises';

/**
 * Creates `path` (failing if it exists: nothing is ever overwritten) with `bytes`, fsynced before
 * it returns. The caller fsyncs the folder once it has created all its files.
 */
export async function createFileDurably(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
