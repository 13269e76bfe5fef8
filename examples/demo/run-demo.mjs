// `npm run demo`: a team's week with FlowForge, for real. A bare remote, a team admin who runs
// `flowforge init`, three developers who track time in their own clones (FLOWFORGE_NOW walks
// through the week) and commit through the real husky hook, and a manager who bills from a
// fresh clone. Everything happens in a temporary folder that is removed at the end; only the
// HTML report stays, in a folder of its own (never a fixed name in the shared temp folder, which
// another user of the machine could have put a link at), and the last line says where.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));
const CLI = fileURLToPath(new URL('../../packages/cli/bin/flowforge.cjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'flowforge-demo-'));
const report = join(mkdtempSync(join(tmpdir(), 'flowforge-demo-report-')), 'acme-2026-W45.html');

// `flowforge` on the PATH, as after `npm install -g @flowforge/cli`; no colours in the hook's output.
// Backups go inside the demo's folder too, so nothing is left behind.
const baseEnv = { ...process.env, PATH: `${BIN}:${process.env.PATH}`, TZ: 'Europe/Berlin', NO_COLOR: '1', FLOWFORGE_HOME: join(work, 'home') };
delete baseEnv.HUSKY;
delete baseEnv.FLOWFORGE_SKIP;

const run = (cwd, command, args, env = {}) => execFileSync(command, args, { cwd, env: { ...baseEnv, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const git = (cwd, ...args) => run(cwd, 'git', args);
const flowforge = (cwd, env, ...args) => run(cwd, process.execPath, [CLI, ...args], env);

function say(text) {
  console.log(`\n▸ ${text}`);
}

function clone(name, user) {
  const dir = join(work, name);
  git(work, 'clone', '--quiet', join(work, 'remote.git'), dir);
  git(dir, 'config', 'user.name', user);
  git(dir, 'config', 'user.email', `${user}@acme.example`);
  git(dir, 'config', 'flowforge.user', user);
  return dir;
}

// Each developer's week: [weekday, issue, from, to, note] in local time (Europe/Berlin).
const WEEK = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
const PLANS = {
  alice: [[0, '42', '09:00', '12:10', 'payment retries'], [0, '57', '13:00', '15:45'], [1, '42', '08:30', '12:00'], [2, '42', '09:15', '11:20'], [2, '61', '11:30', '17:05', 'incident review'], [3, '57', '10:00', '16:30'], [4, '42', '09:00', '11:55']],
  bob: [[0, '57', '08:00', '11:40'], [1, '57', '09:00', '17:20', 'pairing with carol'], [2, '61', '10:00', '12:00'], [3, '61', '08:45', '13:10'], [4, '57', '09:30', '15:00']],
  carol: [[0, '61', '10:00', '18:30'], [1, '42', '13:00', '17:50'], [2, '42', '08:00', '10:00'], [3, '57', '14:00', '19:15', 'late deploy'], [4, '61', '08:00', '12:30']],
};

try {
  say('A bare remote, and the team admin sets FlowForge up in the team repo');
  git(work, 'init', '--quiet', '--bare', '--initial-branch=main', 'remote.git');
  const admin = clone('admin', 'admin');
  git(admin, 'checkout', '--quiet', '-b', 'main');
  writeFileSync(join(admin, 'README.md'), '# acme/app\n');
  process.stdout.write(flowforge(admin, {}, 'init', '--yes'));
  writeFileSync(
    join(admin, 'flowforge.config.mjs'),
    `export default {
  team: { name: 'Acme', timezone: 'Europe/Berlin' },
  billing: { currency: 'EUR', rates: { default: 95, users: { carol: 110 }, issues: { '61': 140 } } },
  plugins: [
    ['@flowforge/plugin-granularity', { period: 'day', rounding: { increment: '15m', mode: 'up', scope: 'entry' } }],
    '@flowforge/plugin-backup',
  ],
};
`,
  );
  git(admin, 'add', '-A');
  git(admin, 'commit', '--quiet', '-m', 'Set up FlowForge');
  git(admin, 'push', '--quiet', '-u', 'origin', 'main');
  console.log('  config: 15-minute rounding up per entry; rates 95 €/h, carol 110 €/h, issue #61 140 €/h');

  say('Three developers track a week of work in their own clones and commit through the husky hook');
  // `flowforge init` in a fresh clone only wires the hook (core.hooksPath is per clone): all else is committed.
  const clones = Object.fromEntries(Object.keys(PLANS).map((user) => [user, clone(user, user)]));
  for (const dir of Object.values(clones)) flowforge(dir, {}, 'init');
  for (const [dayIndex, day] of WEEK.entries()) {
    for (const [user, plan] of Object.entries(PLANS)) {
      const dir = clones[user];
      const entries = plan.filter(([index]) => index === dayIndex);
      if (entries.length === 0) continue;
      const evening = { FLOWFORGE_NOW: `${day}T19:00:00Z` };
      git(dir, 'pull', '--quiet', '--no-rebase');
      for (const [, issue, from, to, note] of entries) {
        flowforge(dir, evening, 'add', issue, '--from', `${day}T${from}`, '--to', `${day}T${to}`, ...(note ? ['--note', note] : []));
      }
      writeFileSync(join(dir, `${user}.md`), `work log of ${user} up to ${day}\n`);
      git(dir, 'add', `${user}.md`);
      run(dir, 'git', ['commit', '--quiet', '-m', `${user}: work of ${day}`], evening); // the hook aggregates and stages team files
      git(dir, 'push', '--quiet');
      const files = git(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').filter((path) => path.startsWith('.flowforge/'));
      console.log(`  ${day} ${user.padEnd(5)} ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} → commit carries ${files.join(', ')}`);
    }
  }

  say("What alice's machine keeps private (never committed) — `flowforge log` in her clone");
  process.stdout.write(flowforge(clones.alice, { FLOWFORGE_NOW: '2026-11-06T19:00:00Z' }, 'log', '--from', '2026-11-02', '--to', '2026-11-03'));

  say('The manager clones the repo (no developer machine needed) and bills the week');
  const manager = clone('manager', 'manager');
  process.stdout.write(flowforge(manager, {}, 'report', '--period', '2026-W45'));
  process.stdout.write(flowforge(manager, {}, 'report', '--period', '2026-W45', '--by', 'issue'));
  flowforge(manager, {}, 'report', '--period', '2026-W45', '--format', 'html', '--out', report);
  console.log(`\nThe HTML report for the client (totals, charts, the table with subtotals; open it in a browser, or print it) is at ${report}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
