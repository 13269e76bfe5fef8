import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, exactly as `node_modules/.bin/flowforge` runs it. */
export const CLI_BIN = fileURLToPath(new URL('../../packages/cli/bin/flowforge.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flowforge ...args` in `cwd`, with a clean, colourless environment plus `env`. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): CliResult {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FLOWFORGE_SKIP: undefined, HUSKY: undefined, ...options.env },
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
