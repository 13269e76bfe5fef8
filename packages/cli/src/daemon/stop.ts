import { readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { flowForgeError } from '@flowforge/core/internal';
import { daemonFiles } from './files.js';
import { type DaemonHealth, readHealth } from './health.js';
import { isProcessAlive, probeDaemon } from './probe.js';

const STOP_TIMEOUT_MS = 20_000;

export interface StopOutcome {
  pid: number;
  /** What it wrote last: its final run. */
  health: DaemonHealth | null;
}

/**
 * `flowforge daemon stop`: SIGTERM, then wait until the process is gone. The daemon finishes the
 * aggregation under way, releases its lock and removes its pid file itself; a pid file left by a
 * daemon that died is removed here.
 */
export async function stopDaemon(repoRoot: string): Promise<StopOutcome> {
  const files = daemonFiles(repoRoot);
  const probe = await probeDaemon(repoRoot);
  if (!probe.running || probe.pid === null) {
    if (probe.pidFile !== null) await removePidFile(files.pid, probe.pidFile);
    throw flowForgeError('FF_DAEMON_NOT_RUNNING', {});
  }
  const pid = probe.pid;
  try {
    process.kill(pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) throw flowForgeError('FF_DAEMON_STOP_TIMEOUT', { pid, seconds: STOP_TIMEOUT_MS / 1000 });
    await sleep(50);
  }
  await removePidFile(files.pid, pid);
  return { pid, health: await readHealth(files.health) };
}

/** Only if it still names `pid`: a daemon started meanwhile keeps its own. */
async function removePidFile(path: string, pid: number): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text !== null && Number(text.trim()) === pid) await rm(path, { force: true });
}
