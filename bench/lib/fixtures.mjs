// Bench data made by the project's own code (the store, the aggregation, the team writer), so the
// files are exactly what FlowForge writes — never hand-written fixtures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addEntry, bucketsOf, piecesOf, UserStore, writeTeamFiles } from '@flowforge/core/internal';

export const YEAR_DAYS = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2025, 10, 1) + i * 86_400_000).toISOString().slice(0, 10));
const WORKDAYS = YEAR_DAYS.filter((day) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()));

/** A developer's typical day: four stretches on a few issues, in UTC (the bench zone). */
export function dayOfWork(day, seed) {
  const issues = ['42', '57', '61', '73', '88'];
  return [
    [8, 0, 10, 30],
    [10, 45, 12, 15],
    [13, 0, 15, 40],
    [16, 0, 17, 20],
  ].map(([h1, m1, h2, m2], i) => ({
    issue: issues[(seed + i + day.charCodeAt(9)) % issues.length],
    startMs: Date.parse(`${day}T${String(h1).padStart(2, '0')}:${String(m1).padStart(2, '0')}:00Z`),
    endMs: Date.parse(`${day}T${String(h2).padStart(2, '0')}:${String(m2).padStart(2, '0')}:00Z`),
    billable: i !== 3,
  }));
}

export function tempRepo(prefix) {
  const repo = mkdtempSync(join(tmpdir(), prefix));
  execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repo });
  execFileSync('git', ['config', 'user.email', 'bench@example.com'], { cwd: repo });
  execFileSync('git', ['config', 'user.name', 'Bench'], { cwd: repo });
  writeFileSync(join(repo, 'flowforge.config.mjs'), "export default { team: { timezone: 'UTC' }, billing: { currency: 'EUR', rates: { default: 100 } } };\n");
  return repo;
}

const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * A repo set up as the README tells teams: `npm install -D @flowforge/cli` (this workspace's
 * node_modules holds the CLI and every first-party plugin at the CLI's version) and the config
 * `flowforge init` writes, naming the plugins.
 */
export function installAsTeamsDo(repo) {
  symlinkSync(NODE_MODULES, join(repo, 'node_modules'), 'dir');
  writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
  writeFileSync(
    join(repo, 'flowforge.config.mjs'),
    "export default { team: { timezone: 'UTC' }, billing: { currency: 'EUR', rates: { default: 100 } }, plugins: [['@flowforge/plugin-granularity', { period: 'day', identity: 'name' }], '@flowforge/plugin-backup'] };\n",
  );
}

/** One year of one developer's private layer, written through the tracking API (every record fsynced). */
export async function privateYear(repo, user) {
  const store = UserStore.forRepo(repo, user);
  const context = { store, nowMs: Date.parse('2026-11-01T00:00:00Z'), staleTimerHours: 10 };
  for (const [index, day] of WORKDAYS.entries()) for (const stretch of dayOfWork(day, index)) await addEntry(context, stretch);
  await store.clearChangedDays();
  return WORKDAYS.length * 4;
}

/** The team layer of `developers` developers over a year, as the aggregation writes it. */
export async function teamYear(repo, developers) {
  for (let dev = 0; dev < developers; dev += 1) {
    const user = `dev${String(dev).padStart(3, '0')}`;
    const entries = WORKDAYS.flatMap((day, index) =>
      dayOfWork(day, index + dev).map((stretch, i) => ({
        id: `${day.replaceAll('-', '').slice(2)}${i}`.slice(0, 12),
        issue: stretch.issue,
        start: new Date(stretch.startMs).toISOString().replace('.000Z', 'Z'),
        end: new Date(stretch.endMs).toISOString().replace('.000Z', 'Z'),
        billable: stretch.billable,
      })),
    );
    const buckets = bucketsOf(piecesOf(entries, 'UTC'), user, 'day', null);
    const months = [...new Set(buckets.map((bucket) => bucket.period.slice(0, 7)))];
    await writeTeamFiles(
      repo,
      months.map((month) => ({
        schema: 'flowforge.team/1',
        user,
        month,
        revision: 1,
        granularity: 'day',
        rounding: null,
        buckets: buckets.filter((bucket) => bucket.period.startsWith(month)).map(({ user: _user, ...rest }) => rest),
      })),
      { source: 'tracked', clone: 'benchaaa' }, // each developer's one clone
    );
  }
}
