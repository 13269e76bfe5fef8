import { join } from 'node:path';
import { assertRealFolders } from '@flowforge/core/internal';

/** Where a clone's daemon keeps its runtime state: `.flowforge/daemon/`, git-ignored (docs/tracking.md, "Where the data lives"). */
export interface DaemonFiles {
  dir: string;
  /** The running daemon's pid, one line; removed when it stops cleanly. */
  pid: string;
  /** Held (core's `withLock`) for the daemon's whole life: one daemon per clone. */
  lock: string;
  health: string;
  /** stdout and stderr of a daemon started with `flowforge daemon start`. */
  log: string;
}

export function daemonFiles(repoRoot: string): DaemonFiles {
  assertRealFolders(repoRoot, '.flowforge/daemon');
  const dir = join(repoRoot, '.flowforge', 'daemon');
  return { dir, pid: join(dir, 'daemon.pid'), lock: join(dir, 'daemon.lock'), health: join(dir, 'health.json'), log: join(dir, 'daemon.log') };
}

/**
 * The daemon's lock is touched every third of this while it runs, so a lock older than this has
 * no living holder, whatever pid it names (pids are reused after a reboot).
 */
export const DAEMON_LOCK_STALE_MS = 30_000;
