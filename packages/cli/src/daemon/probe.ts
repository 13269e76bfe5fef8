import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { DAEMON_LOCK_STALE_MS, daemonFiles } from './files.js';
import { type DaemonHealth, readHealth } from './health.js';

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

/**
 * Whether `pid` runs. A process that has exited but not been reaped (a zombie) still answers
 * signal 0; a detached daemon's parent is init, and in a container that init may reap late or
 * never, so on Linux a zombie counts as gone.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // `pid (comm) state …`: comm may hold spaces and parentheses, the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
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
