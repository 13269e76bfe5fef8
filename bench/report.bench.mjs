// Issue 5: a manager's report over a year of the team layer, at 5, 50 and 500 developers,
// against `node -e 0` (goal at 50: ≤ 3×). The team files are written by the aggregation's own
// code. A report reads only the team layer, so cost grows with developers × months. Each clone
// keeps the team layer parsed in a cache (docs/reports.md#speed): the usual report reads it, and
// the first report on a clone ("no cache", measured with the cache deleted before each run)
// builds it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installAsTeamsDo, teamYear, tempRepo } from './lib/fixtures.mjs';
import { compare } from './lib/measure.mjs';

const CLI = fileURLToPath(new URL('../packages/cli/bin/flowforge.cjs', import.meta.url));

export const title = 'Billing report over one year (team layer only)';

export default async function run() {
  const repos = {};
  try {
    for (const developers of [5, 50, 500]) {
      repos[developers] = tempRepo(`flowforge-bench-report-${developers}-`);
      await teamYear(repos[developers], developers);
    }
    // The README's install: the CLI and its plugins in node_modules, the config naming them.
    repos.installed = tempRepo('flowforge-bench-report-installed-');
    installAsTeamsDo(repos.installed);
    await teamYear(repos.installed, 50);
    const args = [CLI, 'report', '--from', '2025-11-01', '--to', '2026-10-31', '--format', 'json'];
    const dropCache = (developers) => () => rmSync(join(repos[developers], '.flowforge/daemon/team-layer.cache'), { force: true });
    return compare(
      [
        ...[5, 50, 500].map((developers) => ({ name: `flowforge report, ${developers} developers × 1 year`, command: process.execPath, args, cwd: repos[developers] })),
        { name: 'flowforge report, 50 developers × 1 year, installed in node_modules', command: process.execPath, args, cwd: repos.installed },
        ...[5, 50, 500].map((developers) => ({
          name: `flowforge report, ${developers} developers × 1 year, no cache`,
          command: process.execPath,
          args,
          cwd: repos[developers],
          before: dropCache(developers),
        })),
      ],
      { runs: 9 },
    );
  } finally {
    for (const repo of Object.values(repos)) rmSync(repo, { recursive: true, force: true });
  }
}
