import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** What reading a file that must be a regular file found. */
export type RegularFileRead =
  | { bytes: Buffer }
  | { missing: true }
  /** A link, a folder, a device, a socket or a pipe: never read. */
  | { refused: 'a symbolic link' | 'a folder' | 'a device, socket or pipe' }
  | { tooLarge: number };

/**
 * Reads `path` only if it is a regular file of at most `maxBytes`: opened with `O_NOFOLLOW` (a link
 * is refused, not followed) and `O_NONBLOCK` (a pipe does not wait for a writer), then checked with
 * `fstat` before a byte is read, so `/dev/zero` or a link to a secret are never read. `fs` alone:
 * the hook's fast path reads its record with it. `contained.ts` turns the refusals into errors.
 */
export function readIfRegular(path: string, maxBytes: number): RegularFileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    if (code === 'ELOOP' || code === 'EMLINK') return { refused: 'a symbolic link' };
    if (code === 'EISDIR') return { refused: 'a folder' };
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { refused: 'a folder' };
    if (!stat.isFile()) return { refused: 'a device, socket or pipe' };
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const count = readSync(fd, bytes, read, bytes.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return { bytes: bytes.subarray(0, read) };
  } finally {
    closeSync(fd);
  }
}
