import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The built CLI, exactly as `node_modules/.bin/flowforge` runs it. */
export const CLI_BIN = fileURLToPath(new URL('../../packages/cli/bin/flowforge.cjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * How long a child of a test may run: a stuck child becomes a failure that names it, well within
 * the test's own timeout, instead of a `spawnSync` that blocks vitest (and CI) for good.
 */
export const CHILD_TIMEOUT_MS = 40_000;

/** `spawnSync` options that stop a stuck child after `CHILD_TIMEOUT_MS` (its stdio pipes closed with it). */
export const BOUNDED = { timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' } as const;

/** A clean, colourless environment plus `env`. */
const cliEnv = (env?: Record<string, string | undefined>): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', FLOWFORGE_SKIP: undefined, HUSKY: undefined, ...env });

/** Runs `flowforge ...args` in `cwd`, with a clean, colourless environment plus `env`. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): CliResult {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: cliEnv(options.env),
    ...BOUNDED,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runCli` without blocking the test process: for commands that talk to servers running in it
 * (the provider fakes), which `spawnSync` would starve of the event loop.
 */
export function runCliAsync(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd,
      env: cliEnv(options.env),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs `flowforge ...args` with a recorder preloaded by `preload` (node's flags), which writes to
 * the file named by the environment variable `variable`; returns the lines it wrote.
 */
function recordedBy(args: string[], cwd: string, preload: string[], variable: string): string[] {
  const trace = join(cwd, `${variable.toLowerCase()}.txt`);
  rmSync(trace, { force: true });
  const result = spawnSync(process.execPath, [...preload, CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, [variable]: trace },
    ...BOUNDED,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return readFileSync(trace, 'utf8').trim().split('\n');
}

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The modules `flowforge ...args` resolves, recorded by a module hook in the child process. */
export function modulesLoadedBy(args: string[], cwd: string): string[] {
  return recordedBy(args, cwd, ['--import', fixture('trace-imports.mjs')], 'FLOWFORGE_TRACE_IMPORTS');
}

