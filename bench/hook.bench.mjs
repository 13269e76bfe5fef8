// Issue 4: the pre-commit hook runs on every commit of every developer. With one year of one
// developer's data: nothing new (the fast path: goal ≤ 1.5× `node -e 0`), one new entry (a full
// aggregation of its month and `git add`: goal ≤ 3×), the same in a zone other than UTC (whose
// offsets need ICU's formatter: its first use sets up ICU's locale data), the same in a repo
// installed as the README tells teams (the CLI and its plugins in the repo's node_modules, the
// config naming the plugins), and against lint-staged with nothing staged (goal ≤ 0.3× of it).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installAsTeamsDo, privateYear, tempRepo } from './lib/fixtures.mjs';
import { compare } from './lib/measure.mjs';

const CLI = fileURLToPath(new URL('../packages/cli/bin/flowforge.cjs', import.meta.url));
const LINT_STAGED = fileURLToPath(new URL('../node_modules/lint-staged/bin/lint-staged.js', import.meta.url));

export const title = 'pre-commit hook with one year of data (1 developer)';

export default async function run() {
  const idle = tempRepo('flowforge-bench-hook-idle-');
  const busy = tempRepo('flowforge-bench-hook-busy-');
  const berlin = tempRepo('flowforge-bench-hook-berlin-');
  const installed = tempRepo('flowforge-bench-hook-installed-');
  const repos = [idle, busy, berlin, installed];
  try {
    installAsTeamsDo(installed);
    const env = { FLOWFORGE_USER: 'alice', TZ: 'UTC' };
    const berlinEnv = { ...env, TZ: 'Europe/Berlin' };
    for (const repo of repos) {
      await privateYear(repo, 'alice');
      execFileSync(process.execPath, [CLI, 'aggregate', '--all'], { cwd: repo, env: { ...process.env, ...(repo === berlin ? berlinEnv : env) } });
    }
    // lint-staged as a team has it: configured, and nothing staged.
    writeFileSync(join(idle, '.lintstagedrc.json'), '{ "*.js": "node --check" }\n');
    for (const repo of repos) {
      execFileSync('git', ['add', '-A'], { cwd: repo });
      execFileSync('git', ['commit', '--quiet', '-m', 'year'], { cwd: repo });
    }
    // A new 20-minute entry before each timed hook run, each on its own hour of a new day.
    const addEntry = (repo, entryEnv) => (round) => {
      const start = new Date(Date.parse('2026-11-10T00:00:00Z') + round * 3_600_000);
      const end = new Date(start.getTime() + 20 * 60_000);
      execFileSync(process.execPath, [CLI, 'add', '42', '--from', start.toISOString(), '--to', end.toISOString()], {
        cwd: repo,
        env: { ...process.env, ...entryEnv, FLOWFORGE_NOW: '2026-11-30T00:00:00Z' },
      });
    };
    return compare([
      { name: 'flowforge hook pre-commit, nothing new', command: process.execPath, args: [CLI, 'hook', 'pre-commit'], cwd: idle, env },
      { name: 'flowforge hook pre-commit, one new entry', command: process.execPath, args: [CLI, 'hook', 'pre-commit'], cwd: busy, env, before: addEntry(busy, env) },
      {
        name: 'flowforge hook pre-commit, one new entry, TZ=Europe/Berlin',
        command: process.execPath,
        args: [CLI, 'hook', 'pre-commit'],
        cwd: berlin,
        env: berlinEnv,
        before: addEntry(berlin, berlinEnv),
      },
      {
        name: 'flowforge hook pre-commit, one new entry, installed in node_modules',
        command: process.execPath,
        args: [CLI, 'hook', 'pre-commit'],
        cwd: installed,
        env,
        before: addEntry(installed, env),
      },
      { name: 'lint-staged, nothing staged', command: process.execPath, args: [LINT_STAGED], cwd: idle, env },
    ]);
  } finally {
    for (const repo of repos) rmSync(repo, { recursive: true, force: true });
  }
}
