// Issue 3: what a developer waits for. `start`, `stop` and `status` with one year of private
// data (~1000 entries written through the store), against `node -e 0`. Cost must not grow with
// history: these read today's and this week's logs only. And `log` of the whole year, which reads
// all of it, also in a repo installed as the README tells teams (the CLI and its plugins in
// node_modules, the config naming them).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installAsTeamsDo, privateYear, tempRepo } from './lib/fixtures.mjs';
import { compare } from './lib/measure.mjs';

const CLI = fileURLToPath(new URL('../packages/cli/bin/flowforge.cjs', import.meta.url));

export const title = 'Time tracking with one year of data (1 developer)';

export default async function run() {
  const repo = tempRepo('flowforge-bench-tracking-');
  const installed = tempRepo('flowforge-bench-tracking-installed-');
  try {
    installAsTeamsDo(installed);
    const entries = await privateYear(repo, 'alice');
    await privateYear(installed, 'alice');
    const base = { FLOWFORGE_USER: 'alice', TZ: 'UTC' };
    // Each round starts at a new hour after the year's data, and stops an hour later.
    const at = (round, hours) => new Date(Date.parse('2026-11-10T00:00:00Z') + (round * 2 + hours) * 3_600_000).toISOString();
    const flowforge = (name, args, env, cwd = repo) => ({ name, command: process.execPath, args: [CLI, ...args], cwd, env });
    const logYear = ['log', '--from', '2025-11-01', '--to', '2026-10-31'];
    const rows = compare([
      flowforge('flowforge start 42', ['start', '42'], (round) => ({ ...base, FLOWFORGE_NOW: at(round, 0) })),
      flowforge('flowforge stop', ['stop'], (round) => ({ ...base, FLOWFORGE_NOW: at(round, 1) })),
      flowforge('flowforge status', ['status'], (round) => ({ ...base, FLOWFORGE_NOW: at(round, 1) })),
      flowforge('flowforge log, one year', logYear, (round) => ({ ...base, FLOWFORGE_NOW: at(round, 1) })),
      flowforge('flowforge log, one year, installed in node_modules', logYear, (round) => ({ ...base, FLOWFORGE_NOW: at(round, 1) }), installed),
    ]);
    return rows.map((row) => ({ ...row, note: row.name === 'node -e 0' ? `${entries} entries in the store` : undefined }));
  } finally {
    for (const dir of [repo, installed]) rmSync(dir, { recursive: true, force: true });
  }
}
