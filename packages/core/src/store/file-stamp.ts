import { type Stats, statSync } from 'node:fs';

/**
 * What a cache keys a file by, as git's index does: its size, modification and change times and
 * inode (a file rewritten or replaced changes at least one, and the change time cannot be set
 * back); `missing` when it does not exist.
 */
export function fileStamp(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? stampOf(stat) : 'missing';
}

/** `fileStamp` of a file already stat-ed. */
export function stampOf(stat: Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}
