import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportKey, toHours } from '../src/report/build-report.js';
import { teamColumnsOf } from '../src/team/columns.js';
import { readTeamColumns } from '../src/team/layer-cache.js';
import { readTeamLayer } from '../src/team/read.js';
import type { TeamFile } from '../src/team/team-file.js';
import { writeTeamFiles } from '../src/team/write.js';
import { roundSeconds } from '../src/time/rounding.js';

const CONFIG = { billing: { currency: 'EUR', rates: { default: 90, users: { bob: 120 }, issues: { '7': 99.99 } } } };

const teamFile = (user: string, month: string, revision: number, buckets: TeamFile['buckets'], rounding: TeamFile['rounding'] = null): TeamFile => ({
  schema: 'flowforge.team/1',
  user,
  month,
  revision,
  granularity: 'day',
  rounding,
  buckets,
});

const bucketArb = (month: string) =>
  fc.record({
    issue: fc.constantFrom('7', '42', 'ops'),
    period: fc.integer({ min: 1, max: 28 }).map((day) => `${month}-${String(day).padStart(2, '0')}`),
    seconds: fc.integer({ min: 0, max: 36_000 }),
    billableShare: fc.constantFrom(0, 0.5, 1),
    entries: fc.integer({ min: 1, max: 5 }),
  }).map(({ billableShare, ...bucket }) => ({ ...bucket, billableSeconds: Math.floor(bucket.seconds * billableShare) }));

const filesArb = fc.array(
  fc.record({
    user: fc.constantFrom('alice', 'bob'),
    month: fc.constantFrom('2026-09', '2026-10'),
    buckets: fc.array(bucketArb('2026-09'), { maxLength: 12 }),
    rounding: fc.option(fc.record({ incrementSeconds: fc.constantFrom(360, 900), mode: fc.constantFrom('up' as const, 'nearest' as const, 'down' as const), scope: fc.constant('bucket' as const) })),
  }),
  { maxLength: 6 },
).map((drafts) => {
  // One file per user × month, its buckets in its own month, one bucket per issue × day.
  const files = new Map<string, TeamFile>();
  for (const draft of drafts) {
    const buckets = draft.buckets.map((bucket) => ({ ...bucket, period: `${draft.month}${bucket.period.slice(7)}` }));
    const unique = [...new Map(buckets.map((bucket) => [`${bucket.issue} ${bucket.period}`, bucket])).values()];
    files.set(`${draft.user} ${draft.month}`, teamFile(draft.user, draft.month, 1, unique, draft.rounding));
  }
  return [...files.values()];
});

describe('team files as columns', () => {
  it('bill exactly what the buckets bill, from issue totals over whole files and bucket by bucket over part of one', () => {
    fc.assert(
      fc.property(filesArb, fc.constantFrom<ReportKey[]>(['user', 'issue'], ['issue'], ['user']), (files, by) => {
        for (const range of [
          { from: '2026-09-01', to: '2026-10-31' }, // whole files: issue totals
          { from: '2026-09-10', to: '2026-10-20' }, // files cut by the range: bucket by bucket
        ]) {
          // The bill computed the plain way, bucket by bucket, in whole seconds.
          const expected = new Map<string, { seconds: number; billable: number; billedAt: Map<number, number> }>();
          for (const file of files)
            for (const bucket of file.buckets) {
              if (bucket.period < range.from || bucket.period > range.to) continue;
              const key = by.map((k) => (k === 'user' ? file.user : bucket.issue)).join(' ');
              const row = expected.get(key) ?? { seconds: 0, billable: 0, billedAt: new Map<number, number>() };
              const billable = file.rounding ? roundSeconds(bucket.billableSeconds, file.rounding.incrementSeconds, file.rounding.mode) : bucket.billableSeconds;
              const rate = CONFIG.billing.rates.issues[bucket.issue as '7'] ?? CONFIG.billing.rates.users[file.user as 'bob'] ?? CONFIG.billing.rates.default;
              row.seconds += bucket.seconds;
              row.billable += billable;
              row.billedAt.set(rate, (row.billedAt.get(rate) ?? 0) + billable);
              expected.set(key, row);
            }
          const report = buildReport(teamColumnsOf(files), CONFIG, { ...range, by });
          expect(report.rows.map((row) => by.map((k) => row[k]).join(' ')).sort()).toEqual([...expected.keys()].sort());
          for (const row of report.rows) {
            const want = expected.get(by.map((k) => row[k]).join(' '));
            expect(row.hours).toBe(toHours(want?.seconds ?? -1));
            expect(row.billableHours).toBe(toHours(want?.billable ?? -1));
            // The hours as shown (hundredths) × the rate, per rate, rounded once to the cent.
            const cents = [...(want?.billedAt ?? [])].reduce((sum, [rate, billed]) => sum + Math.round(billed / 36) * rate, 0);
            expect(row.amount).toBe(Math.round(Number(cents.toPrecision(15))) / 100);
            if (row.rate !== null) expect(row.amount).toBe(Math.round(Number((Math.round(row.billableHours * 100) * row.rate).toPrecision(15))) / 100);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the team layer cache', () => {
  const SHARD = { source: 'tracked', clone: 'abcdefgh' } as const;
  const repoWith = async (files: TeamFile[]) => {
    const repo = mkdtempSync(join(tmpdir(), 'flowforge-columns-'));
    execFileSync('git', ['init', '--quiet'], { cwd: repo, timeout: 40_000, killSignal: 'SIGKILL' });
    await writeTeamFiles(repo, files, SHARD);
    return repo;
  };
  const bill = async (repo: string) => buildReport((await readTeamColumns(repo)).columns, CONFIG, { from: '2026-10-01', to: '2026-10-31', by: ['user', 'issue'] });
  const fromFiles = async (repo: string) => buildReport((await readTeamLayer(repo)).files, CONFIG, { from: '2026-10-01', to: '2026-10-31', by: ['user', 'issue'] });
  const october = (seconds: number) => [{ issue: '42', period: '2026-10-05', seconds, billableSeconds: seconds, entries: 1 }];

  it('reads a new revision past the cache, survives a damaged cache, and bills what the files say', async () => {
    const repo = await repoWith([teamFile('alice', '2026-10', 1, october(3600)), teamFile('bob', '2026-10', 1, october(1800))]);
    expect(await bill(repo)).toEqual(await fromFiles(repo)); // builds the cache
    expect((await bill(repo)).totals).toEqual({ hours: 1.5, billableHours: 1.5, amount: 150 }); // from the cache

    await writeTeamFiles(repo, [teamFile('alice', '2026-10', 2, october(7200))], SHARD);
    expect((await bill(repo)).totals).toEqual({ hours: 2.5, billableHours: 2.5, amount: 240 });

    writeFileSync(join(repo, '.flowforge/daemon/team-layer.cache'), 'not a cache');
    expect(await bill(repo)).toEqual(await fromFiles(repo));
    expect((await bill(repo)).totals.hours).toBe(2.5);
  });

  it('trusts a folder listing only until the folder changes, and each file only until it changes', async () => {
    const repo = await repoWith([teamFile('alice', '2026-10', 1, october(3600))]);
    // Folders last changed an hour ago: their listing is not "racy", so the cache trusts it.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const age = () => {
      for (const dir of ['.flowforge/team', '.flowforge/team/alice', '.flowforge/team/bob', ...['alice', 'bob'].map((user) => `.flowforge/team/${user}/${SHARD.clone}`)])
        utimesSync(join(repo, dir), anHourAgo, anHourAgo);
    };
    await writeTeamFiles(repo, [teamFile('bob', '2026-10', 1, october(1800))], SHARD);
    age();
    expect((await bill(repo)).totals.hours).toBe(1.5); // lists the folders and caches the listing
    expect((await bill(repo)).totals.hours).toBe(1.5); // from the cached listing

    await writeTeamFiles(repo, [teamFile('bob', '2026-10', 2, october(5400))], SHARD); // changes bob's folder
    expect((await bill(repo)).totals.hours).toBe(2.5);
    age();
    expect((await bill(repo)).totals.hours).toBe(2.5);

    // An edit in place leaves the folder alone; the file's own stamp still gives it away.
    const folder = join(repo, `.flowforge/team/alice/${SHARD.clone}`);
    writeFileSync(join(folder, readdirSync(folder)[0] as string), '{ "schema": "flowforge.team/1" }\n');
    age();
    await expect(bill(repo)).rejects.toMatchObject({ code: 'FF_TEAM_FILE_INVALID' });
  });

  it('rejects a team file edited in place, as a read without the cache does', async () => {
    const repo = await repoWith([teamFile('alice', '2026-10', 1, october(3600))]);
    await bill(repo);
    const folder = join(repo, `.flowforge/team/alice/${SHARD.clone}`);
    writeFileSync(join(folder, readdirSync(folder)[0] as string), '{ "schema": "flowforge.team/1" }\n');
    await expect(bill(repo)).rejects.toMatchObject({ code: 'FF_TEAM_FILE_INVALID' });
  });
});
