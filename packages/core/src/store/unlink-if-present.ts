import { unlinkSync } from 'node:fs';

/**
 * Deletes a file that may already be gone. Not `rmSync(path, { force: true })`: on Node 20 its
 * first call loads Node's recursive remover, and every commit deletes a file or two.
 */
export function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
