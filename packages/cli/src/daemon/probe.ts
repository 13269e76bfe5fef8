import { readFile, stat } from 'node:fs/promises';
import { isProcessAlive } from '@flowforge/core/lite';
import { DAEMON_LOCK_STALE_MS, daemonFiles } from './files.js';
import { type DaemonHealth, readHealth } from './health.js';

export { isProcessAlive };

export interface DaemonProbe {
  running: boolean;
  /** The running daemon's pid; `null` when none runs. */
  pid: number | null;
  /** What `daemon.pid` says, running or not: a pid there while `running` is false is stale. */
  pidFile: number | null;
  /** The last health written, by this daemon or the previous one. */
  health: DaemonHealth | null;
}

/**
 * Whether this clone's daemon runs. A pid file alone cannot tell: after a crash and a reboot its
 * pid may belong to some other process, which `daemon stop` must never signal. So the daemon
 * counts as running only while that pid is alive *and* holds a fresh daemon lock.
 */
export async function probeDaemon(repoRoot: string): Promise<DaemonProbe> {
  const files = daemonFiles(repoRoot);
  const [pidText, health] = await Promise.all([readFile(files.pid, 'utf8').catch(() => null), readHealth(files.health)]);
  const pidFile = pidText !== null && /^\d+\s*$/.test(pidText) ? Number(pidText) : null;
  const running = pidFile !== null && pidFile > 0 && isProcessAlive(pidFile) && (await holdsFreshLock(files.lock, pidFile));
  return { running, pid: running ? pidFile : null, pidFile, health };
}

/** The lock file is core's `withLock` record (`{ pid, … }`), touched by its holder while it runs. */
async function holdsFreshLock(lockPath: string, pid: number): Promise<boolean> {
  try {
    const [content, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return (JSON.parse(content) as { pid?: unknown }).pid === pid && Date.now() - info.mtimeMs < DAEMON_LOCK_STALE_MS;
  } catch {
    return false;
  }
}
