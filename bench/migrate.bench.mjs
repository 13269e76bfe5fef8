// Issue 7: `flowforge migrate v2` of a large v1 file, against `node -e 0` (goal: 20,000 sessions
// in seconds). The v1 file is generated here in v1's canonical shape: 10 developers, four
// sessions a day each, durations in hours with 2 decimals, instance ids, a few orphaned timers.
// The migrating developer (dev00) owns a tenth of the sessions, which also go to their private
// log. Each round starts from an empty `.flowforge/` (reset before, untimed): a first migration.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempRepo } from './lib/fixtures.mjs';
import { compare } from './lib/measure.mjs';

const CLI = fileURLToPath(new URL('../packages/cli/bin/flowforge.cjs', import.meta.url));
const DEVELOPERS = 10;
const DAY_MS = 86_400_000;
/** Four stretches a day, [start hour, start minute, minutes]. */
const SLOTS = [
  [8, 0, 150],
  [10, 45, 90],
  [13, 0, 160],
  [16, 0, 80],
];

export const title = 'v1 migration (`flowforge migrate v2`)';

const stamp = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A v1 `.task-times.json` of `sessions` sessions, as the v1 script wrote it. */
export function v1File(sessions) {
  const issues = {};
  const first = Date.UTC(2019, 0, 1);
  for (let n = 0; n < sessions; n += 1) {
    const dev = n % DEVELOPERS;
    const slot = Math.floor(n / DEVELOPERS) % SLOTS.length;
    const day = Math.floor(n / (DEVELOPERS * SLOTS.length));
    const [hour, minute, minutes] = SLOTS[slot];
    const startMs = first + day * DAY_MS + (hour * 60 + minute) * 60_000;
    const endMs = startMs + (minutes + ((n * 7) % 13)) * 60_000;
    const key = String(100 + ((n * 31 + dev) % Math.max(1, Math.floor(sessions / 40))));
    const issue = (issues[key] ??= { status: 'closed', sessions: [] });
    issue.sessions.push({
      start: stamp(startMs),
      end: stamp(endMs),
      duration: Math.round((endMs - startMs) / 36_000) / 100,
      user: `dev${String(dev).padStart(2, '0')}`,
      instance_id: `dev${dev}@host${dev}:${1000 + n}:${Math.floor(startMs / 1000)}`,
      ...(n % 17 === 0 ? { reason: 'Auto-paused to start #1' } : {}),
    });
  }
  for (let i = 0; i < 5; i += 1)
    issues[String(90_000 + i)] = { status: 'active', current_session: { start: stamp(first + i * DAY_MS), user: 'dev01', instance_id: 'dev1@host1:1:1' }, sessions: [] };
  return JSON.stringify(issues, null, 2);
}

export default async function run() {
  const repos = [];
  try {
    const cases = [];
    for (const sessions of [20_000, 100_000]) {
      const repo = tempRepo(`flowforge-bench-migrate-${sessions}-`);
      repos.push(repo);
      writeFileSync(join(repo, '.task-times.json'), v1File(sessions));
      const label = sessions.toLocaleString('en-US');
      const env = { FLOWFORGE_USER: 'dev00', FLOWFORGE_NOW: '2026-11-01T00:00:00Z' };
      const fresh = () => rmSync(join(repo, '.flowforge'), { recursive: true, force: true });
      cases.push({ name: `migrate v2 --dry-run, ${label} sessions`, command: process.execPath, args: [CLI, 'migrate', 'v2', '--dry-run'], cwd: repo, env, before: fresh });
      cases.push({ name: `migrate v2 (writes), ${label} sessions`, command: process.execPath, args: [CLI, 'migrate', 'v2', '--preserve-history'], cwd: repo, env, before: fresh });
    }
    return compare(cases, { runs: 3 });
  } finally {
    for (const repo of repos) rmSync(repo, { recursive: true, force: true });
  }
}
