import { spawn } from 'node:child_process';
import { flowForgeError } from '@flowforge/core/internal';
import type { GlobalOptions } from '../main.js';
import { PASS_SCHEMA, type PassResult } from './pass.js';
import { selfCommand } from './self-command.js';

export interface ChildPassRequest {
  repoRoot: string;
  user: string;
  globals: GlobalOptions;
  timeoutMs: number;
}

/**
 * Runs one pass as `flowforge daemon run --once --json` in a child process. In the daemon's own
 * process, Node's module cache would keep the config and local plugins as they were at the first
 * pass — an `import()` of the same file, failed or not, is answered from the cache — so a fixed
 * config would never be seen. A child also bounds what a plugin can do to the daemon: a leak ends
 * with the pass, a hang is killed after `timeoutMs`. Its log lines (stderr) go to the daemon's.
 */
export function runPassInChild({ repoRoot, user, globals, timeoutMs }: ChildPassRequest): Promise<PassResult> {
  const { file, args } = selfCommand(globals, 'daemon', 'run', '--once', '--json');
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: repoRoot, env: { ...process.env, FLOWFORGE_USER: user }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let timedOut = false;
    let settled = false;
    const finish = (result: PassResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL'); // its store lock names a dead pid now, and is taken over by the next run
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error) => finish(failed(user, `could not be started: ${error.message}`)));
    child.on('close', (code, signal) => {
      const result = parseResult(stdout);
      if (result) return finish(result);
      const how = timedOut
        ? `was killed after ${Math.round(timeoutMs / 1000)} s`
        : signal
          ? `was killed by ${signal}`
          : `exited with code ${code} without a result`;
      finish(failed(user, how));
    });
  });
}

function parseResult(stdout: string): PassResult | undefined {
  try {
    const value = JSON.parse(stdout) as Partial<PassResult> | null;
    return value?.schema === PASS_SCHEMA ? (value as PassResult) : undefined;
  } catch {
    return undefined;
  }
}

function failed(user: string, reason: string): PassResult {
  const error = flowForgeError('FF_DAEMON_PASS_FAILED', { reason });
  return {
    schema: PASS_SCHEMA,
    user,
    ran: true,
    months: [],
    written: [],
    removed: [],
    queue: { settled: 0, pending: 0 },
    error: { code: error.code, message: error.message, hint: error.hint },
  };
}
