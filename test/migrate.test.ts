/**
 * `flowforge migrate v2` end to end, through the built CLI in real temporary git repositories:
 * the shared v1 samples (the contract), the importer's fixture for each variant, and fixtures of
 * this file for what the samples do not show.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpretV1 } from '../plugins/migrate-v1/src/index.js';
import { type CliResult, runCli } from './helpers/cli.js';
import { git, makeTempRepo, writeFiles } from './helpers/repo.js';

const NOW = '2025-11-29T00:00:00Z';
const sample = (name: 'canonical.task-times.json' | 'in-the-wild.json') =>
  readFileSync(new URL(`../plugins/migrate-v1/test/fixtures/samples/${name}`, import.meta.url), 'utf8');
const variant = (name: string) => readFileSync(new URL(`../plugins/migrate-v1/test/fixtures/${name}`, import.meta.url), 'utf8');
const VARIANTS = readdirSync(new URL('../plugins/migrate-v1/test/fixtures/', import.meta.url)).filter((name) => name.endsWith('.json')).sort();

const CONFIG = "export default { team: { timezone: 'Europe/Berlin' }, billing: { rates: { default: 100 } } };\n";
const PARALLEL_CONFIG =
  "export default { team: { timezone: 'Europe/Berlin' }, billing: { rates: { default: 100 } }, plugins: ['@flowforge/plugin-granularity', '@flowforge/plugin-migrate-v1'] };\n";

/** A team repo of the v1 era: the config and the v1 file, committed. */
function v1Repo(v1: string, { config = CONFIG, file = '.task-times.json' }: { config?: string; file?: string } = {}): string {
  const repo = makeTempRepo('flowforge-migrate-');
  writeFiles(repo, { 'flowforge.config.mjs': config, [file]: v1 });
  commitAll(repo, 'v1 era');
  return repo;
}

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '--allow-empty', '-m', message);
}

/** A developer's terminal in `repo`. */
function developer(repo: string, user: string, zone = 'Europe/Berlin') {
  return (...args: string[]): CliResult => runCli(args, { cwd: repo, env: { FLOWFORGE_USER: user, FLOWFORGE_NOW: NOW, TZ: zone } });
}

function ok(result: CliResult): string {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

interface Bucket {
  issue: string;
  period: string;
  seconds: number;
  billableSeconds: number;
  entries: number;
}

/** The newest v1 team file of each user × month, as reports choose them. */
function v1History(repo: string): Map<string, { path: string; user: string; month: string; revision: number; buckets: Bucket[] }> {
  const newest = new Map<string, { path: string; user: string; month: string; revision: number; buckets: Bucket[] }>();
  const team = join(repo, '.flowforge/team');
  for (const user of existsSync(team) ? readdirSync(team) : []) {
    const dir = join(team, user, 'v1');
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const match = /^(\d{4}-\d{2})\.r(\d+)\.[0-9a-f]{12}\.json$/.exec(name);
      if (!match) continue;
      const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { user: string; revision: number; buckets: Bucket[] };
      const key = `${user}/${match[1]}`;
      if ((newest.get(key)?.revision ?? -1) < file.revision)
        newest.set(key, { path: `.flowforge/team/${user}/v1/${name}`, user, month: match[1] as string, revision: file.revision, buckets: file.buckets });
    }
  }
  return newest;
}

/** Seconds per `user|issue` in the v1 team history. */
function historySeconds(repo: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const file of v1History(repo).values())
    for (const bucket of file.buckets) sums[`${file.user}|${bucket.issue}`] = (sums[`${file.user}|${bucket.issue}`] ?? 0) + bucket.seconds;
  return sums;
}

const CANONICAL_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * What v1 recorded, from the stamps alone, computed here independently of the importer: every
 * session with two canonical stamps, a user, a positive span, that is not a stale-timer clean-up.
 */
function secondsFromStamps(v1: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [key, issue] of Object.entries(JSON.parse(v1) as Record<string, { sessions?: unknown }>)) {
    if (!/^\d+$/.test(key) || !Array.isArray(issue.sessions)) continue;
    for (const session of issue.sessions as { start?: string; end?: string; user?: string; instance_id?: string; reason?: string }[]) {
      if (!session.user || !CANONICAL_STAMP.test(session.start ?? '') || !CANONICAL_STAMP.test(session.end ?? '')) continue;
      if (session.instance_id === 'cleanup' || /stale cleanup/i.test(session.reason ?? '')) continue;
      const seconds = (Date.parse(session.end as string) - Date.parse(session.start as string)) / 1000;
      if (seconds > 0) sums[`${session.user}|${key}`] = (sums[`${session.user}|${key}`] ?? 0) + seconds;
    }
  }
  return sums;
}

/** The billing report's rows over 2025, in seconds (the report rounds hours to 2 decimals). */
function reportSeconds(repo: string): { rows: Record<string, number>; totalHours: number } {
  const report = JSON.parse(ok(runCli(['report', '--from', '2025-01-01', '--to', '2025-12-31', '--by', 'user,issue', '--format', 'json'], { cwd: repo })));
  const rows: Record<string, number> = {};
  for (const row of report.rows as { user: string; issue: string; hours: number }[]) rows[`${row.user}|${row.issue}`] = row.hours * 3600;
  return { rows, totalHours: report.totals.hours };
}

/** The report's hours of a row, against seconds: the report rounds hours to 2 decimals (±18 s). */
function expectHours(reportedSeconds: number | undefined, seconds: number): void {
  expect(reportedSeconds).toBeDefined();
  expect(Math.abs((reportedSeconds ?? 0) - seconds)).toBeLessThanOrEqual(18);
}

/** Every file under `repo` (git's own included) with its mode and bytes, hashed: what "writes nothing" is checked against. */
function treeHash(repo: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stats = statSync(path);
      hash.update(`${path.slice(repo.length)}\0${stats.mode}\0`);
      if (stats.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(repo);
  return hash.digest('hex');
}

/** The bytes of every file under `.flowforge/team`, by path. */
function teamTree(repo: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else files[`${prefix}${name}`] = readFileSync(path, 'utf8');
    }
  };
  walk(join(repo, '.flowforge/team'), '');
  return files;
}

function appendSession(repo: string, issue: string, session: Record<string, unknown>, file = '.task-times.json'): void {
  const path = join(repo, file);
  const v1 = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { sessions: unknown[] }>;
  v1[issue]?.sessions.push(session);
  writeFileSync(path, JSON.stringify(v1, null, 2));
}

describe('flowforge migrate v2 with the shared samples', () => {
  it('writes team history for every v1 user whose totals equal the v1 stamps to the second, and the report bills them', () => {
    const v1 = sample('canonical.task-times.json');
    const repo = v1Repo(v1);
    const out = ok(developer(repo, 'alice')('migrate', 'v2'));
    expect(out).toContain('Migrated .task-times.json (v1, sha256 ');
    expect(out).toMatch(/alice\s+2 sessions\s+3h45m/);
    expect(out).toMatch(/bob\s+1 session\s+40m/);
    // The orphaned timer is listed for the user to confirm, and not billed.
    expect(out).toMatch(/Orphaned timers, not billed[^\n]*\(1\):\n\s+#103 alice: v1 timer on #103 started at 2025-08-06T09:00:00Z/);

    const expected = secondsFromStamps(v1);
    expect(expected).toEqual({ 'alice|101': 13_500, 'bob|102': 2400 });
    expect(historySeconds(repo)).toEqual(expected);
    expect([...v1History(repo).values()].map((file) => [file.user, file.month, file.revision])).toEqual([
      ['alice', '2025-08', 2],
      ['bob', '2025-08', 1],
    ]);
    const { rows } = reportSeconds(repo);
    expect(Object.keys(rows).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, seconds] of Object.entries(expected)) expectHours(rows[key], seconds);

    // Not given --preserve-history: the v1 file is renamed, never deleted.
    expect(existsSync(join(repo, '.task-times.json'))).toBe(false);
    expect(readFileSync(join(repo, '.task-times.json.migrated'), 'utf8')).toBe(v1);
  });

  it('takes seconds from the in-the-wild sample, lists the stale clean-up and the orphaned timer, bills neither', () => {
    const v1 = sample('in-the-wild.json');
    const repo = v1Repo(v1);
    const out = ok(developer(repo, 'carol')('migrate', 'v2', '--preserve-history'));
    expect(historySeconds(repo)).toEqual(secondsFromStamps(v1));
    expect(historySeconds(repo)).toEqual({ 'carol|69': 8090, 'carol|70': 3600 });
    expect(out).toMatch(/Stale-timer clean-ups, not billed[^\n]*\(1\):\n\s+#70 carol session 1: stale-timer clean-up at 2025-10-12T08:00:00Z/);
    expect(out).toMatch(/Orphaned timers, not billed[^\n]*\(1\):\n\s+#72 carol: v1 timer on #72 started at 2025-06-09T20:58:41Z \(172 days before/);
    expect(out).toMatch(/Top-level keys that are not issues: skipped \(2\)/);
    expect(readFileSync(join(repo, '.task-times.json'), 'utf8')).toBe(v1); // --preserve-history: untouched
  });

  it('puts no instance id, hostname or note text in any committed file', () => {
    const v1 = sample('in-the-wild.json').replace('"instance_id": "carol@mini.local:1:1760086800"', '"instance_id": "carol@mini.local:1:1760086800", "notes": "call with the client"');
    const repo = v1Repo(v1);
    ok(developer(repo, 'carol')('migrate', 'v2', '--preserve-history'));
    commitAll(repo, 'Import v1 time data');
    const committed = git(repo, 'ls-files', '.flowforge').split('\n').filter(Boolean);
    expect(committed.some((path) => path.startsWith('.flowforge/team/carol/v1/'))).toBe(true);
    expect(committed.some((path) => path.startsWith('.flowforge/user/') || path.startsWith('.flowforge/daemon/'))).toBe(false);
    for (const path of committed) {
      const text = readFileSync(join(repo, path), 'utf8');
      for (const secret of ['mini.local', 'carol@', '68277', 'instance', 'private note', 'call with the client', 'Timer running', 'Stale cleanup', 'T21:47'])
        expect(text, `${path} holds ${secret}`).not.toContain(secret);
    }
    // The notes are kept, privately, in the migrating developer's own log.
    const log = JSON.parse(ok(developer(repo, 'carol')('log', '--json', '--from', '2025-10-01', '--to', '2025-10-31')));
    expect(log.entries.map((entry: { note?: string }) => entry.note)).toEqual(['private note', 'call with the client']);
  });
});

describe('flowforge migrate v2 with every variant', () => {
  it.each(VARIANTS)('%s: every v1 user with imported sessions has team history holding exactly those sessions', (name) => {
    const v1 = variant(name);
    const repo = v1Repo(v1);
    ok(developer(repo, 'nobody')('migrate', 'v2', '--preserve-history'));
    const expected: Record<string, number> = {};
    for (const session of interpretV1(JSON.parse(v1), { now: Date.parse(NOW) }).sessions)
      expected[`${session.user}|${session.issue}`] = (expected[`${session.user}|${session.issue}`] ?? 0) + session.seconds;
    expect(historySeconds(repo)).toEqual(expected);
    const users = new Set(Object.keys(expected).map((key) => key.split('|')[0]));
    expect(new Set([...v1History(repo).values()].map((file) => file.user))).toEqual(users);
  });

  it('variant 9: finds the v1 file at .flowforge/billing/time-tracking.json', () => {
    const v1 = sample('canonical.task-times.json');
    const repo = v1Repo(v1, { file: '.flowforge/billing/time-tracking.json' });
    const out = ok(developer(repo, 'alice')('migrate', 'v2'));
    expect(out).toContain('Migrated .flowforge/billing/time-tracking.json (v1');
    expect(historySeconds(repo)).toEqual(secondsFromStamps(v1));
    expect(existsSync(join(repo, '.flowforge/billing/time-tracking.json.migrated'))).toBe(true);
  });

  it('files v1 names that are not user ids under their slug, and reports names with none', () => {
    const v1 = JSON.stringify({
      '7': {
        status: 'closed',
        sessions: [
          { start: '2025-03-03T09:00:00Z', end: '2025-03-03T10:00:00Z', duration: 1, user: 'Alice Smith', instance_id: 'a@h:1:2' },
          { start: '2025-03-04T09:00:00Z', end: '2025-03-04T09:30:00Z', duration: 0.5, user: '!!!', instance_id: 'b@h:1:2' },
        ],
      },
    });
    const repo = v1Repo(v1);
    const result = developer(repo, 'alice-smith')('migrate', 'v2', '--verify-integrity');
    expect(result.stdout).toContain('v1 user "Alice Smith" is not a FlowForge user id: imported as alice-smith');
    expect(result.stdout).toContain('v1 user "!!!" has no usable user id: 1 session (30m) not imported');
    expect(result.code).toBe(1); // a session left out is a difference nobody explained
    expect(historySeconds(repo)).toEqual({ 'alice-smith|7': 3600 });
  });

  it('cuts a session longer than a day at midnights: local ones in the team history, UTC ones in the private log', () => {
    const v1 = JSON.stringify({
      '9': {
        status: 'closed',
        sessions: [{ start: '2025-01-30T20:00:00Z', end: '2025-02-01T04:00:00Z', duration: 32, user: 'alice', instance_id: 'a@h:1:2' }],
      },
    });
    const repo = v1Repo(v1);
    ok(developer(repo, 'alice')('migrate', 'v2'));
    const files = [...v1History(repo).values()];
    expect(files.map((file) => [file.month, file.revision, file.buckets.map((bucket) => [bucket.period, bucket.seconds])])).toEqual([
      ['2025-01', 1, [['2025-01-30', 3 * 3600], ['2025-01-31', 24 * 3600]]],
      ['2025-02', 1, [['2025-02-01', 5 * 3600]]],
    ]);
    const log = JSON.parse(ok(developer(repo, 'alice')('log', '--json', '--from', '2025-01-30', '--to', '2025-02-01')));
    expect(log.entries.map((entry: { start: string; end: string }) => [entry.start, entry.end])).toEqual([
      ['2025-01-30T20:00:00Z', '2025-01-31T00:00:00Z'],
      ['2025-01-31T00:00:00Z', '2025-02-01T00:00:00Z'],
      ['2025-02-01T00:00:00Z', '2025-02-01T04:00:00Z'],
    ]);
  });
});

describe('determinism and idempotence', () => {
  it('running it twice changes nothing: git status is clean after committing the first run', () => {
    const repo = v1Repo(sample('canonical.task-times.json'));
    const alice = developer(repo, 'alice');
    ok(alice('migrate', 'v2', '--preserve-history'));
    commitAll(repo, 'Import v1 time data');
    const again = ok(alice('migrate', 'v2', '--preserve-history'));
    expect(again).toContain('all 2 entries already in your private log');
    expect(again).toContain('0 written (all there already)');
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(JSON.parse(ok(alice('log', '--json', '--from', '2025-08-01', '--to', '2025-08-31'))).entries).toHaveLength(2);
  });

  it("puts every user's imported history in their audit trail, so `flowforge verify` passes at once", () => {
    const repo = v1Repo(sample('canonical.task-times.json'));
    const alice = developer(repo, 'alice');
    ok(alice('migrate', 'v2'));
    commitAll(repo, 'Import v1 time data');
    const verify = alice('verify', '--json');
    expect(verify.code).toBe(0);
    const trails = readdirSync(join(repo, '.flowforge/recovery')).sort();
    expect(trails).toEqual(['alice', 'bob']); // bob's history was imported by alice, and is covered
  });

  it('after the rename, a second run says where the data went; importing the .migrated file again changes nothing', () => {
    const repo = v1Repo(sample('canonical.task-times.json'));
    const alice = developer(repo, 'alice');
    ok(alice('migrate', 'v2'));
    commitAll(repo, 'Import v1 time data');
    const second = alice('migrate', 'v2');
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('FF_MIGRATE_NOTHING_TO_IMPORT No v1 time data to import');
    expect(second.stderr).toContain('.task-times.json.migrated is there (migrated already; to import it again: --file .task-times.json.migrated)');
    ok(alice('migrate', 'v2', '--file', '.task-times.json.migrated'));
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('two clones migrating the same file in different time zones write the same bytes and merge without a conflict', () => {
    const origin = v1Repo(sample('in-the-wild.json').replace('"carol@mini.local:1:1760086800"}', '"carol@mini.local:1:1760086800"}, {"start": "2025-10-11T22:30:00Z", "end": "2025-10-11T23:30:00Z", "duration": 1, "user": "dave", "instance_id": "dave@box:1:2"}'));
    const clone = () => {
      const dir = makeTempRepo('flowforge-clone-');
      git(dir, 'pull', '--quiet', origin, 'main');
      return dir;
    };
    const [first, second] = [clone(), clone()];
    ok(developer(first, 'carol', 'Europe/Berlin')('migrate', 'v2'));
    ok(developer(second, 'dave', 'America/New_York')('migrate', 'v2'));
    expect(teamTree(second)).toEqual(teamTree(first));
    expect(Object.keys(teamTree(first)).filter((path) => path.includes('/v1/'))).toHaveLength(2);
    commitAll(first, 'carol imports v1');
    commitAll(second, 'dave imports v1');
    git(second, 'fetch', '--quiet', first, 'main');
    git(second, 'merge', '--quiet', '--no-edit', 'FETCH_HEAD');
    expect(git(second, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    // Days are the team's (Berlin) for both: dave's 22:30 UTC session is on the 12th.
    const dave = [...v1History(second).values()].find((file) => file.user === 'dave');
    expect(dave?.buckets).toEqual([{ issue: '70', period: '2025-10-12', seconds: 3600, billableSeconds: 3600, entries: 1 }]);
  });

  it('--dry-run writes nothing at all, and says what it would do', () => {
    const repo = v1Repo(sample('canonical.task-times.json'));
    // Not even the runtime caches a repo that uses FlowForge keeps in .flowforge/daemon/.
    mkdirSync(join(repo, '.flowforge'));
    const before = treeHash(repo);
    const out = ok(developer(repo, 'alice')('migrate', 'v2', '--dry-run', '--verify-integrity'));
    expect(treeHash(repo)).toBe(before);
    expect(out).toContain('Dry run of .task-times.json');
    expect(out).toContain('Nothing was written.');
    expect(out).toContain('2 entries to add to your private log');
    expect(out).toContain('.task-times.json would be renamed to .task-times.json.migrated');
    expect(out).toContain('#103 alice: v1 timer on #103');
    expect(out).toContain('3 user × issue rows, 0 unexplained');
  });
});

describe('--verify-integrity', () => {
  it('prints the table per user × issue and exits 0 for the canonical sample', () => {
    const repo = v1Repo(sample('canonical.task-times.json'));
    const out = ok(developer(repo, 'alice')('migrate', 'v2', '--verify-integrity'));
    expect(out).toMatch(/user\s+issue\s+v1 total\s+v2 total\s+difference\s+reason/);
    expect(out).toMatch(/bob\s+102\s+40m12s\s+40m\s+-12s\s+1 recorded duration rounded by v1; the stamps are exact: -12s/);
    expect(out).toContain('3 user × issue rows, 0 unexplained');
  });

  it('exits 1 when a difference has no known cause, after importing everything else', () => {
    // One hour between the stamps, "5" recorded: neither 5 hours nor 5 seconds.
    const v1 = JSON.stringify({
      '42': { status: 'closed', sessions: [{ start: '2025-05-05T08:00:00Z', end: '2025-05-05T09:00:00Z', duration: 5, user: 'alice', instance_id: 'a@h:1:2' }] },
      '43': { status: 'closed', sessions: [{ start: '2025-05-06T08:00:00Z', end: '2025-05-06T08:30:00Z', duration: 0.5, user: 'bob', instance_id: 'b@h:1:2' }] },
    });
    const repo = v1Repo(v1);
    const result = developer(repo, 'alice')('migrate', 'v2', '--verify-integrity');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/alice\s+42\s+5h\s+1h\s+-4h\s+unexplained: 1 recorded duration/);
    expect(result.stdout).toContain('2 user × issue rows, 1 unexplained');
    expect(historySeconds(repo)).toEqual({ 'alice|42': 3600, 'bob|43': 1800 });
    // Without --verify-integrity the same data migrates with exit 0 and lists the mismatch.
    const quiet = v1Repo(v1);
    expect(ok(developer(quiet, 'alice')('migrate', 'v2', '--dry-run'))).toContain('Recorded durations that disagree with their stamps');
  });
});

describe('the migrating developer', () => {
  it('sees their imported sessions in `flowforge log`, and `aggregate --all` does not bill them twice', () => {
    const repo = v1Repo(sample('canonical.task-times.json'));
    const alice = developer(repo, 'alice');
    ok(alice('migrate', 'v2'));
    const log = JSON.parse(ok(alice('log', '--json', '--from', '2025-08-01', '--to', '2025-08-31')));
    expect(log.entries.map(({ id: _id, ...entry }: { id: string }) => entry)).toEqual([
      { issue: '101', start: '2025-08-04T08:00:00Z', end: '2025-08-04T09:30:00Z', seconds: 5400, billable: true, note: 'Lunch' },
      { issue: '101', start: '2025-08-04T12:30:00Z', end: '2025-08-04T14:45:00Z', seconds: 8100, billable: true },
    ]);
    const before = reportSeconds(repo);
    ok(alice('aggregate', '--all'));
    ok(alice('add', '101', '--from', '2025-08-05T10:00', '--to', '2025-08-05T11:00'));
    ok(alice('aggregate', '--all'));
    const after = reportSeconds(repo);
    expect(after.rows['alice|101']).toBe((before.rows['alice|101'] ?? 0) + 3600); // 3.75 h + 1 h, exact in hours
    expect(after.rows['bob|102']).toBe(before.rows['bob|102']);
    // Tracked time has its own file; the imported sessions are only in the v1 history.
    const shard = join(repo, '.flowforge/team/alice', readdirSync(join(repo, '.flowforge/team/alice')).find((name) => name !== 'v1') as string);
    const tracked = readdirSync(shard).filter((name) => name.endsWith('.json'));
    expect(tracked.map((name) => JSON.parse(readFileSync(join(shard, name), 'utf8')).buckets)).toEqual([
      [{ issue: '101', period: '2025-08-05', seconds: 3600, billableSeconds: 3600, entries: 1 }],
    ]);
  });
});

describe('parallel run', () => {
  const newSession = { start: '2025-08-07T08:00:00Z', end: '2025-08-07T09:30:00Z', duration: 1.5, user: 'alice', instance_id: 'alice@laptop:1:2', notes: 'late v1 work' };

  it('imports a session old scripts add to the v1 file once, through `flowforge aggregate`', () => {
    const repo = v1Repo(sample('canonical.task-times.json'), { config: PARALLEL_CONFIG });
    const alice = developer(repo, 'alice');
    expect(ok(alice('migrate', 'v2', '--preserve-history'))).toContain('sessions that v1 scripts still add to it are imported on each aggregation');
    commitAll(repo, 'Import v1 time data');
    const before = reportSeconds(repo);

    appendSession(repo, '101', newSession);
    appendSession(repo, '102', { start: '2025-08-07T10:00:00Z', end: '2025-08-07T10:20:00Z', duration: 0.33, user: 'bob', instance_id: 'bob@desk:1:2' });
    const run = alice('aggregate');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('parallel run: .task-times.json changed');
    const grown = reportSeconds(repo);
    // Exactly that session, to the second, in the team files; in the report's rounded hours too.
    expect(historySeconds(repo)).toEqual({ 'alice|101': 13_500 + 5400, 'bob|102': 2400 + 1200 });
    expectHours(grown.rows['alice|101'], 13_500 + 5400);
    expectHours(grown.rows['bob|102'], 2400 + 1200);
    expect(before.rows['alice|101']).toBe(3.75 * 3600);
    const log = JSON.parse(ok(alice('log', '--json', '--from', '2025-08-01', '--to', '2025-08-31')));
    expect(log.entries.filter((entry: { note?: string }) => entry.note === 'late v1 work')).toHaveLength(1);
    commitAll(repo, 'more v1 time');

    // Unchanged: skipped at once. Touched but the same content: imported again, nothing changes.
    expect(alice('aggregate').stderr).toBe('');
    const now = new Date();
    utimesSync(join(repo, '.task-times.json'), now, now);
    expect(alice('aggregate').code).toBe(0);
    expect(reportSeconds(repo)).toEqual(grown);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(JSON.parse(ok(alice('log', '--json', '--from', '2025-08-01', '--to', '2025-08-31'))).entries).toHaveLength(3);
  });

  it('the pre-commit hook stages the recomputed history; a renamed v1 file ends the parallel run', () => {
    const repo = v1Repo(sample('canonical.task-times.json'), { config: PARALLEL_CONFIG });
    const alice = developer(repo, 'alice');
    ok(alice('migrate', 'v2', '--preserve-history'));
    commitAll(repo, 'Import v1 time data');
    appendSession(repo, '101', newSession);
    ok(alice('add', '101', '--from', '2025-11-28T09:00', '--to', '2025-11-28T10:00'));
    expect(alice('hook', 'pre-commit').code).toBe(0);
    const staged = git(repo, 'diff', '--cached', '--name-only').split('\n');
    expect(staged).toContain([...v1History(repo).values()].find((file) => file.user === 'alice')?.path);
    expect(historySeconds(repo)['alice|101']).toBe(13_500 + 5400);

    // The final migration renames the file; what an old script writes afterwards is not imported.
    ok(alice('migrate', 'v2'));
    commitAll(repo, 'v1 retired');
    writeFileSync(join(repo, '.task-times.json'), JSON.stringify({ '101': { status: 'paused', sessions: [newSession] } }));
    ok(alice('aggregate'));
    expect(historySeconds(repo)['alice|101']).toBe(13_500 + 5400);
  });

  it('a v1 file that is not JSON (merge conflict markers) never stops the aggregation of tracked time', () => {
    const repo = v1Repo(sample('canonical.task-times.json'), { config: PARALLEL_CONFIG });
    const alice = developer(repo, 'alice');
    ok(alice('migrate', 'v2', '--preserve-history'));
    writeFileSync(join(repo, '.task-times.json'), '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n');
    ok(alice('add', '101', '--from', '2025-11-28T09:00', '--to', '2025-11-28T10:00'));
    const run = alice('aggregate');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('parallel run skipped: .task-times.json is not readable as v1 data');
    expect(run.stdout).toContain('Aggregated alice for');
  });
});

describe('errors', () => {
  it('refuses another target, a missing --file, an unreadable v1 file, and a repo without v1 data', () => {
    const repo = v1Repo('{"1": ');
    const alice = developer(repo, 'alice');
    const target = alice('migrate', 'v3');
    expect([target.code, target.stderr]).toEqual([2, expect.stringContaining('FF_USAGE unknown migration target "v3"')]);
    const missing = alice('migrate', 'v2', '--file', 'nope.json');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('FF_V1_FILE_NOT_FOUND There is no v1 file at nope.json.')]);
    const broken = alice('migrate', 'v2');
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringContaining('FF_V1_FILE_INVALID .task-times.json is not readable as v1 time data')]);

    const empty = makeTempRepo();
    const none = developer(empty, 'alice')('migrate', 'v2');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('FF_MIGRATE_NOTHING_TO_IMPORT No v1 time data to import:\n  .task-times.json: absent\n  .flowforge/billing/time-tracking.json: absent');
    expect(none.stderr).toContain("plugins: [['@flowforge/plugin-migrate-v1', { file: 'PATH' }]]");
    expect(none.stderr).toContain('The config does not list @flowforge/plugin-migrate-v1, so this command loaded it with its defaults.');
    expect(readdirSync(empty)).toEqual(['.git']);
  });
});
