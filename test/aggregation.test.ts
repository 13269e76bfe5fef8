import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketsOf, piecesOf } from '../packages/core/src/aggregation/buckets.js';
import { shardOfPeriod } from '../packages/core/src/aggregation/shards.js';
import { teamFilesOf } from '../packages/core/src/aggregation/team-files.js';
import type { RoundingPolicy } from '../packages/core/src/hooks.js';
import type { TimeEntry } from '../packages/core/src/model/entry.js';
import { teamFileProblems } from '../packages/core/src/team/team-file.js';
import type { Granularity } from '../packages/core/src/time/period.js';
import { runCli } from './helpers/cli.js';
import { writeFiles } from './helpers/repo.js';
import { cloneFor, type Developer, newestTeamFiles, teamRepo, type TeamFileJson } from './helpers/team.js';

/** A team config without imports: the granularity plugin with `options`. */
const withGranularity = (options: Record<string, unknown>) => ({
  'flowforge.config.mjs': `export default {
  team: { name: 'acme', timezone: 'Europe/Berlin' },
  billing: { currency: 'EUR', rates: { default: 100, users: {}, issues: {} } },
  plugins: [['@flowforge/plugin-granularity', ${JSON.stringify(options)}]],
};
`,
});

interface ReportJson {
  rows: { user?: string; issue?: string; hours: number; billableHours: number; amount: number }[];
  totals: { hours: number; billableHours: number; amount: number };
}

/** Every bucket of the newest file of `month`, without the file around it. */
const bucketsOfMonth = (dev: Developer, month: string) => newestTeamFiles(dev).find((file) => file.month === month)?.buckets ?? [];

const report = (dev: Developer, ...args: string[]) => JSON.parse(dev.ffOk('report', '--format', 'json', ...args)) as ReportJson;

const teamPaths = (dev: Developer) => dev.git('ls-files', '.flowforge/team').split('\n').filter(Boolean);

describe('aggregation is a pure function of the private data', () => {
  it('aggregate, then aggregate --all, then a rebuild from nothing change no byte', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--from', '2026-10-30T09:00', '--to', '2026-10-30T11:00');
    dev.ffOk('add', '43', '--from', '2026-11-02T09:00', '--to', '2026-11-02T09:45', '--non-billable');
    dev.ffOk('add', '42', '--from', '2026-11-30T22:00', '--to', '2026-12-01T01:00');
    dev.ffOk('add', '44', '--from', '2026-12-03T14:00', '--to', '2026-12-03T15:10');
    expect(dev.ffOk('aggregate')).toContain('team file(s) written');
    dev.git('add', '--all');
    dev.git('commit', '--quiet', '-m', 'time');
    const committed = teamPaths(dev);
    // One folder, this clone's shard, with a file per month.
    expect(committed.map((path) => path.replace(/^(\.flowforge\/team\/alice\/)[a-z2-7]{8}\/(\d{4}-\d{2}\.r).*$/, '$1<clone>/$2'))).toEqual([
      '.flowforge/team/alice/<clone>/2026-10.r',
      '.flowforge/team/alice/<clone>/2026-11.r',
      '.flowforge/team/alice/<clone>/2026-12.r',
    ]);

    expect(dev.ffOk('aggregate')).toContain('Nothing to aggregate');
    expect(dev.status()).toBe('');
    expect(dev.ffOk('aggregate', '--all')).toMatch(/: 0 team file\(s\) written/);
    expect(dev.status()).toBe('');

    // Another machine with the same private data writes the same bytes under the same names.
    rmSync(join(dev.repo, '.flowforge/team'), { recursive: true });
    dev.ffOk('aggregate', '--all');
    expect(dev.status()).toBe('');
  });

  it('after a policy change, aggregate --all replaces each month’s file of the same revision', () => {
    const dev = teamRepo({ files: withGranularity({ period: 'day' }) });
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.ffOk('add', '42', '--duration', '2h', '--date', '2026-11-04');
    dev.commitOk('work', { 'a.txt': 'a\n' });
    const [dayFile] = teamPaths(dev);
    expect(report(dev, '--period', '2026-11-02').totals.hours).toBe(1);

    writeFiles(dev.repo, withGranularity({ period: 'week' }));
    dev.ffOk('aggregate', '--all');
    dev.git('add', '--all');
    dev.git('commit', '--quiet', '-m', 'bill by the week');
    const [weekFile, ...others] = teamPaths(dev);
    expect(others).toEqual([]); // readers could not choose between two files of one revision
    expect(weekFile).not.toBe(dayFile);
    expect(weekFile?.replace(/\.[0-9a-f]{12}\.json$/, '')).toBe(dayFile?.replace(/\.[0-9a-f]{12}\.json$/, ''));
    expect(bucketsOfMonth(dev, '2026-11')).toEqual([{ issue: '42', period: '2026-W45', seconds: 3 * 3600, billableSeconds: 3 * 3600, entries: 2 }]);
    expect(report(dev, '--period', '2026-W45').totals.hours).toBe(3);
  });
});

describe('the granularity policy', () => {
  /** Sun 1 Nov (ISO week 44, whose Monday is in October), week 45, and week 49 across the month end. */
  function trackWeeks(dev: Developer): void {
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-01');
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.ffOk('add', '42', '--duration', '30m', '--date', '2026-11-04');
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-30');
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-12-01');
    dev.commitOk('work', { 'a.txt': 'a\n' });
  }

  it('period week: buckets are ISO weeks, filed in the month of their Monday', () => {
    const dev = teamRepo({ files: withGranularity({ period: 'week' }) });
    trackWeeks(dev);
    const files = newestTeamFiles(dev);
    for (const file of files) {
      expect(file.granularity).toBe('week');
      for (const bucket of file.buckets) expect(bucket.period).toMatch(/^\d{4}-W\d{2}$/);
    }
    expect(bucketsOfMonth(dev, '2026-10')).toEqual([{ issue: '42', period: '2026-W44', seconds: 3600, billableSeconds: 3600, entries: 1 }]);
    expect(bucketsOfMonth(dev, '2026-11')).toEqual([
      { issue: '42', period: '2026-W45', seconds: 5400, billableSeconds: 5400, entries: 2 },
      { issue: '42', period: '2026-W49', seconds: 7200, billableSeconds: 7200, entries: 2 },
    ]);
    expect(files.some((file) => file.month === '2026-12')).toBe(false);

    const week = report(dev, '--period', '2026-W49').totals;
    expect(week).toEqual({ hours: 2, billableHours: 2, amount: 200 });
    const tooFine = dev.ff('report', '--period', '2026-11-02', '--format', 'json');
    expect(tooFine.code).toBe(2);
    expect(tooFine.stderr).toContain('FF_PERIOD_TOO_FINE');
  });

  it('period month: buckets are months', () => {
    const dev = teamRepo({ files: withGranularity({ period: 'month' }) });
    trackWeeks(dev);
    for (const file of newestTeamFiles(dev)) for (const bucket of file.buckets) expect(bucket.period).toMatch(/^\d{4}-\d{2}$/);
    expect(bucketsOfMonth(dev, '2026-11')).toEqual([{ issue: '42', period: '2026-11', seconds: 4 * 3600 - 1800, billableSeconds: 4 * 3600 - 1800, entries: 4 }]);
    expect(bucketsOfMonth(dev, '2026-12')).toEqual([{ issue: '42', period: '2026-12', seconds: 3600, billableSeconds: 3600, entries: 1 }]);
    expect(newestTeamFiles(dev).some((file) => file.month === '2026-10')).toBe(false);
  });

  it('identity pseudonym: no user id is committed, and the same salt gives the same pseudonym in another clone', () => {
    const salt = 'a-team-secret-of-some-length';
    const pseudonym = `p-${createHmac('sha256', salt).update('alice').digest('hex').slice(0, 16)}`;
    const dev = teamRepo({ files: withGranularity({ identity: 'pseudonym', salt }) });
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('work', { 'a.txt': 'a\n' });

    const paths = teamPaths(dev);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(new RegExp(`^\\.flowforge/team/${pseudonym}/[a-z2-7]{8}/2026-11\\.r\\d+\\.[0-9a-f]{12}\\.json$`));
    for (const path of dev.git('ls-tree', '-r', '--name-only', 'HEAD', '--', '.flowforge').split('\n').filter(Boolean)) {
      expect(path).not.toContain('alice');
      expect(dev.git('show', `HEAD:${path}`)).not.toContain('alice');
    }
    const byUser = report(dev, '--period', '2026-11', '--by', 'user');
    expect(byUser.rows).toEqual([expect.objectContaining({ user: pseudonym, hours: 1 })]);

    // alice on a second machine: a clone of the team repo, set up as usual.
    const laptop = cloneFor(dev.repo, 'alice');
    laptop.ffOk('init', '--yes');
    expect(laptop.status()).toBe('');
    laptop.ffOk('add', '43', '--duration', '2h', '--date', '2026-12-01');
    laptop.commitOk('work on the laptop', { 'b.txt': 'b\n' });
    const laptopPaths = teamPaths(laptop).filter((path) => path.includes('/2026-12.'));
    expect(laptopPaths).toHaveLength(1);
    expect(laptopPaths[0]?.split('/')[2]).toBe(pseudonym);
  });

  it('identity pseudonym with the salt from the environment (docs/hooks.md): each run pseudonymises with the salt it is given', () => {
    const dev = teamRepo({
      files: {
        'flowforge.config.mjs': `export default {
  team: { name: 'acme', timezone: 'Europe/Berlin' },
  billing: { currency: 'EUR', rates: { default: 100, users: {}, issues: {} } },
  plugins: [['@flowforge/plugin-granularity', { identity: 'pseudonym', salt: process.env.FLOWFORGE_SALT ?? 'a-fallback-secret-of-16+-chars' }]],
};
`,
      },
    });
    const pseudonymOf = (salt: string) => `p-${createHmac('sha256', salt).update('alice').digest('hex').slice(0, 16)}`;
    const identities = () => [...new Set(teamPaths(dev).map((path) => path.split('/')[2]))].sort();
    const ff = (salt: string | undefined, ...args: string[]) => expect(runCli(args, { cwd: dev.repo, env: dev.env({ FLOWFORGE_SALT: salt }) }).code).toBe(0);
    const first = 'the-first-team-secret';
    const second = 'the-second-team-secret';

    // A terminal without the salt loads the config in full; alice's shell, and her commits, have it.
    ff(undefined, 'config');
    ff(first, 'add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('one', { 'a.txt': 'a\n' }, { FLOWFORGE_SALT: first });
    expect(identities()).toEqual([pseudonymOf(first)]);
    ff(first, 'add', '43', '--duration', '30m', '--date', '2026-11-03');
    dev.commitOk('two', { 'b.txt': 'b\n' }, { FLOWFORGE_SALT: first });
    expect(identities()).toEqual([pseudonymOf(first)]); // one person, one pseudonym
    expect(report(dev, '--period', '2026-11', '--by', 'user').rows).toEqual([expect.objectContaining({ user: pseudonymOf(first), hours: 1.5 })]);

    // Another salt is another pseudonym, as it would be in the file: all of her time goes under it
    // with the next commit, though it tracks nothing new (the old folder stays: docs/hooks.md).
    dev.commitOk('three', { 'c.txt': 'c\n' }, { FLOWFORGE_SALT: second });
    expect(identities()).toEqual([pseudonymOf(first), pseudonymOf(second)].sort());
    const underSecond = report(dev, '--period', '2026-11', '--by', 'user').rows.find((row) => row.user === pseudonymOf(second));
    expect(underSecond?.hours).toBe(1.5);
    expect(dev.status()).toBe('');
  });

  it('entry rounding up to 15 minutes bills each entry in whole increments; seconds stay exact; non-billable time is not billed', () => {
    const dev = teamRepo({ files: withGranularity({ rounding: { increment: '15m', mode: 'up', scope: 'entry' } }) });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T09:07'); // 7m → 15m
    dev.ffOk('add', '42', '--from', '2026-11-02T09:10', '--to', '2026-11-02T09:26'); // 16m → 30m
    dev.ffOk('add', '42', '--from', '2026-11-02T10:00', '--to', '2026-11-02T10:31'); // 31m → 45m
    dev.ffOk('add', '42', '--from', '2026-11-02T11:00', '--to', '2026-11-02T11:10', '--non-billable');
    dev.ffOk('add', '43', '--from', '2026-11-02T12:00', '--to', '2026-11-02T12:15'); // exactly 15m
    dev.ffOk('add', '44', '--from', '2026-11-02T13:00', '--to', '2026-11-02T13:30', '--non-billable');
    dev.commitOk('work', { 'a.txt': 'a\n' });

    const [file] = newestTeamFiles(dev) as [TeamFileJson];
    expect(file.rounding).toEqual({ incrementSeconds: 900, mode: 'up', scope: 'entry' });
    expect(file.buckets).toEqual([
      { issue: '42', period: '2026-11-02', seconds: (7 + 16 + 31 + 10) * 60, billableSeconds: (15 + 30 + 45) * 60, entries: 4 },
      { issue: '43', period: '2026-11-02', seconds: 900, billableSeconds: 900, entries: 1 },
      { issue: '44', period: '2026-11-02', seconds: 1800, billableSeconds: 0, entries: 1 },
    ]);
    for (const bucket of file.buckets) expect(bucket.billableSeconds % 900).toBe(0);

    const bill = report(dev, '--period', '2026-11');
    expect(bill.rows.map(({ issue, hours, billableHours, amount }) => ({ issue, hours, billableHours, amount }))).toEqual([
      { issue: '42', hours: 1.07, billableHours: 1.5, amount: 150 },
      { issue: '43', hours: 0.25, billableHours: 0.25, amount: 25 },
      { issue: '44', hours: 0.5, billableHours: 0, amount: 0 },
    ]);
  });
});

describe('what lands in which bucket', () => {
  it('splits an entry across local midnight between the two days, and across a month end between two files', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--from', '2026-11-02T23:00', '--to', '2026-11-03T01:00');
    dev.ffOk('add', '43', '--from', '2026-11-30T23:30', '--to', '2026-12-01T00:30');
    dev.commitOk('work', { 'a.txt': 'a\n' });
    expect(bucketsOfMonth(dev, '2026-11')).toEqual([
      { issue: '42', period: '2026-11-02', seconds: 3600, billableSeconds: 3600, entries: 1 },
      { issue: '42', period: '2026-11-03', seconds: 3600, billableSeconds: 3600, entries: 1 },
      { issue: '43', period: '2026-11-30', seconds: 1800, billableSeconds: 1800, entries: 1 },
    ]);
    expect(bucketsOfMonth(dev, '2026-12')).toEqual([{ issue: '43', period: '2026-12-01', seconds: 1800, billableSeconds: 1800, entries: 1 }]);
  });

  it('splits at the local midnight of the developer’s zone, not at UTC midnight', () => {
    const dev = teamRepo({ zone: 'America/New_York' });
    // 03:00–05:00 UTC on 3 Nov is 22:00–00:00 on 2 Nov in New York (EST, UTC−5).
    dev.ffOk('add', '42', '--from', '2026-11-03T03:00:00Z', '--to', '2026-11-03T06:00:00Z');
    dev.commitOk('work', { 'a.txt': 'a\n' });
    expect(bucketsOfMonth(dev, '2026-11')).toEqual([
      { issue: '42', period: '2026-11-02', seconds: 7200, billableSeconds: 7200, entries: 1 },
      { issue: '42', period: '2026-11-03', seconds: 3600, billableSeconds: 3600, entries: 1 },
    ]);
  });

  it('removing every entry of a month commits an empty file that outranks the previous one', () => {
    const dev = teamRepo({ files: withGranularity({ period: 'day' }) });
    const id = /^Added ([0-9a-z]{6})/.exec(dev.ffOk('add', '42', '--duration', '2h', '--date', '2026-10-05'))?.[1] as string;
    dev.ffOk('add', '43', '--duration', '1h', '--date', '2026-11-05');
    dev.commitOk('work', { 'a.txt': 'a\n' });
    const before = newestTeamFiles(dev).find((file) => file.month === '2026-10') as TeamFileJson;
    expect(before.buckets).toHaveLength(1);
    expect(report(dev, '--period', '2026-10').totals.hours).toBe(2);

    dev.ffOk('rm', id);
    dev.commitOk('oops, that was not work', { 'b.txt': 'b\n' });
    const octoberFiles = dev.lastCommitFiles().filter((line) => line.includes('/2026-10.r'));
    expect(octoberFiles.some((line) => line.startsWith('A\t'))).toBe(true);
    const after = newestTeamFiles(dev).find((file) => file.month === '2026-10') as TeamFileJson;
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.buckets).toEqual([]);
    expect(report(dev, '--period', '2026-10')).toMatchObject({ rows: [], totals: { hours: 0 } });
    expect(report(dev, '--period', '2026-11').totals.hours).toBe(1);
    expect(dev.status()).toBe('');
  });
});

describe('buckets and team files, property-based', () => {
  const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns'];
  const START = Date.parse('2026-01-01T00:00:00Z');
  const entryArb = fc.record({
    gap: fc.integer({ min: 0, max: 3 * 86_400 }),
    seconds: fc.integer({ min: 1, max: 30 * 3600 }),
    issue: fc.constantFrom('1', '42', 'ABC-7'),
    billable: fc.boolean(),
  });
  const roundingArb: fc.Arbitrary<RoundingPolicy | null> = fc.option(
    fc.record({
      incrementSeconds: fc.constantFrom(60, 360, 900, 3600),
      mode: fc.constantFrom('up' as const, 'nearest' as const, 'down' as const),
      scope: fc.constantFrom('entry' as const, 'bucket' as const),
    }),
    { nil: null },
  );

  it('the buckets of the team files hold every second of random non-overlapping entries, each in one file', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom<Granularity>('day', 'week', 'month'),
        roundingArb,
        fc.integer({ min: 0, max: 330 * 86_400 }),
        fc.array(entryArb, { minLength: 1, maxLength: 25 }),
        (zone, granularity, rounding, offset, specs) => {
          let at = START + offset * 1000;
          const entries: TimeEntry[] = specs.map((spec, index) => {
            const start = at + spec.gap * 1000;
            at = start + spec.seconds * 1000;
            const instant = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
            return { id: `e${String(index).padStart(5, '0')}`, issue: spec.issue, start: instant(start), end: instant(at), billable: spec.billable };
          });
          const pieces = piecesOf(entries, zone);
          const buckets = bucketsOf(pieces, 'alice', granularity, rounding);
          const shards = new Map([...new Set(buckets.map((bucket) => shardOfPeriod(bucket.period)))].map((month) => [month, 1]));
          const files = teamFilesOf({ identity: 'alice', pieces, buckets, granularity, rounding }, { entries, shards });

          const filed = files.flatMap((file) => file.buckets.map((bucket) => ({ ...bucket, month: file.month })));
          expect(filed).toHaveLength(buckets.length);
          for (const bucket of filed) expect(shardOfPeriod(bucket.period)).toBe(bucket.month);
          for (const file of files) expect(teamFileProblems(file)).toEqual([]);

          const tracked = specs.reduce((sum, spec) => sum + spec.seconds, 0);
          expect(filed.reduce((sum, bucket) => sum + bucket.seconds, 0)).toBe(tracked);
          const billable = specs.reduce((sum, spec) => sum + (spec.billable ? spec.seconds : 0), 0);
          const billed = filed.reduce((sum, bucket) => sum + bucket.billableSeconds, 0);
          if (rounding?.scope === 'entry') {
            for (const bucket of filed) expect(bucket.billableSeconds % rounding.incrementSeconds).toBe(0);
            if (rounding.mode === 'up') expect(billed).toBeGreaterThanOrEqual(billable);
            if (rounding.mode === 'down') expect(billed).toBeLessThanOrEqual(billable);
          } else expect(billed).toBe(billable);
          for (const bucket of filed) expect(bucket.billableSeconds).toBeLessThanOrEqual(rounding?.scope === 'entry' ? Infinity : bucket.seconds);
        },
      ),
      { numRuns: 300 },
    );
  });
});
