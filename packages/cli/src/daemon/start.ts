import { spawn } from 'node:child_process';
import { open, readFile, rename, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { flowForgeError, ignoreEverythingIn } from '@flowforge/core/internal';
import type { GlobalOptions } from '../main.js';
import { daemonFiles } from './files.js';
import { readHealth } from './health.js';
import { type DaemonProbe, probeDaemon } from './probe.js';
import { selfCommand } from './self-command.js';

const START_TIMEOUT_MS = 15_000;
/** Past this size the log moves to `daemon.log.1` at the next start (one old generation kept). */
const LOG_ROTATE_BYTES = 1024 * 1024;

export interface StartOutcome {
  /** `false`: this user's daemon was running already, and still is. */
  started: boolean;
  pid: number;
  /** The pid of a daemon that died without cleaning up, whose pid file was replaced. */
  replacedStalePid: number | null;
}

/**
 * `flowforge daemon start`: `flowforge daemon run` in the background — detached from the terminal,
 * in its own session, its output appended to `daemon.log` — and returns once it reports healthy
 * (writes `health.json` with its pid), so a start that fails says so.
 */
export async function startDaemon(repoRoot: string, user: string, globals: GlobalOptions): Promise<StartOutcome> {
  const before = await probeDaemon(repoRoot);
  if (before.running) return alreadyRunning(before, user);
  const files = daemonFiles(repoRoot);
  await ignoreEverythingIn(files.dir);
  await rotateLog(files.log);
  const { file, args } = selfCommand(globals, 'daemon', 'run');
  const log = await open(files.log, 'a', 0o600);
  let child;
  try {
    child = spawn(file, args, { cwd: repoRoot, detached: true, stdio: ['ignore', log.fd, log.fd], env: { ...process.env, FLOWFORGE_USER: user } });
  } finally {
    await log.close(); // the child has its own copy
  }
  let ended: string | undefined;
  child.on('error', (error) => (ended ??= `it could not be started: ${error.message}`));
  child.on('exit', (code, signal) => (ended ??= signal ? `it was killed by ${signal}` : `it exited with code ${code}`));
  child.unref();

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (ended === undefined && Date.now() < deadline) {
    const health = await readHealth(files.health);
    if (child.pid !== undefined && health?.pid === child.pid) return { started: true, pid: child.pid, replacedStalePid: before.pidFile };
    await sleep(50);
  }
  if (ended === undefined) {
    child.kill('SIGTERM');
    ended = `it did not report healthy within ${START_TIMEOUT_MS / 1000} s, and was stopped`;
  } else {
    // Another `daemon start` may have won the race for the lock: then one runs, as asked.
    const winner = await probeDaemon(repoRoot);
    if (winner.running) return alreadyRunning(winner, user);
  }
  const logName = relative(process.cwd(), files.log) || files.log;
  throw flowForgeError('FF_DAEMON_START_FAILED', { reason: `${ended}.${await logTail(files.log)}`, log: logName });
}

function alreadyRunning(probe: DaemonProbe, user: string): StartOutcome {
  const pid = probe.pid as number;
  if (probe.health?.pid === pid && probe.health.user !== user) {
    throw flowForgeError('FF_DAEMON_RUNNING', { holder: `pid ${pid}, user ${probe.health.user}` });
  }
  return { started: false, pid, replacedStalePid: null };
}

async function rotateLog(log: string): Promise<void> {
  const size = await stat(log).then(
    (info) => info.size,
    () => 0,
  );
  if (size > LOG_ROTATE_BYTES) await rename(log, `${log}.1`);
}

/** The last lines of the log, where a daemon that died at start said why. */
async function logTail(log: string): Promise<string> {
  const text = await readFile(log, 'utf8').catch(() => '');
  const lines = text.trimEnd().split('\n').slice(-4).filter(Boolean);
  return lines.length > 0 ? `\n${lines.map((line) => `  ${line}`).join('\n')}` : '';
}
