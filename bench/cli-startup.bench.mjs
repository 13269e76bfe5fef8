// How much a developer waits for the command itself: `--version` (no config, no plugins) and
// `config` (cosmiconfig + zod + a config file), against `node -e 0`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compare } from './lib/measure.mjs';

const CLI = fileURLToPath(new URL('../packages/cli/bin/flowforge.cjs', import.meta.url));

export const title = 'CLI start-up';

export default function run() {
  const repo = mkdtempSync(join(tmpdir(), 'flowforge-bench-'));
  try {
    execFileSync('git', ['init', '--quiet'], { cwd: repo });
    writeFileSync(join(repo, 'flowforge.config.mjs'), "export default { team: { name: 'bench', timezone: 'Europe/Berlin' } };\n");
    const flowforge = (name, ...args) => ({ name, command: process.execPath, args: [CLI, ...args], cwd: repo });
    return compare([flowforge('flowforge --version', '--version'), flowforge('flowforge config', 'config')]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}
