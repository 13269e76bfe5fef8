import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { teamFilesOf } from '../packages/core/src/aggregation/team-files.js';
import {
  type Aggregation,
  bucketsOf,
  buildReport,
  type Collection,
  type Granularity,
  piecesOf,
  renderTeamFile,
  type ReportKey,
  type RoundingPolicy,
  shardOfPeriod,
  type TeamFile,
  teamFileProblems,
  type TimeEntry,
  validateConfig,
} from '../packages/core/src/internal.js';

/**
 * For random private entries and random policies, the bill adds up, to the second:
 *   private entries → (policy) → team layer → report rows → totals.
 * The team files are built by core's own functions, as `flowforge aggregate` builds them; the
 * expected numbers are computed here independently (own midnight split with Intl, own ISO
 * weeks, own rounding, integer arithmetic for hours and cents).
 */

const USERS = ['alice', 'bob', 'carol'] as const;
const ISSUES = ['7', '42', '100', 'API-3', 'web/9'] as const;
const RATES = { default: 100, users: { bob: 120, carol: 87.5 }, issues: { '42': 150, 'API-3': 97.5 } };
const CONFIG = validateConfig({ team: { name: 'acme' }, billing: { currency: 'EUR', rates: RATES } }, 'report-property');
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York'] as const;
/** March and October/November hold the daylight-saving changes of both zones. */
const MONTHS = ['2026-03', '2026-10', '2026-11'] as const;
const DAY_MS = 86_400_000;

interface Stretch {
  gap: number;
  seconds: number;
  issue: string;
  billable: boolean;
}

const stretch: fc.Arbitrary<Stretch> = fc.record({
  gap: fc.integer({ min: 0, max: 2 * 86_400 }),
  seconds: fc.integer({ min: 1, max: 14 * 3600 }),
  issue: fc.constantFrom(...ISSUES),
  billable: fc.integer({ min: 0, max: 4 }).map((n) => n > 0), // one in five is non-billable
});

const policy: fc.Arbitrary<{ period: Granularity; rounding: RoundingPolicy | null }> = fc.record({
  period: fc.constantFrom<Granularity>('day', 'week', 'month'),
  rounding: fc.option(
    fc.record({
      incrementSeconds: fc.constantFrom(60, 360, 900), // 1m, 6m, 15m
      mode: fc.constantFrom('up' as const, 'nearest' as const, 'down' as const),
      scope: fc.constantFrom('entry' as const, 'bucket' as const),
    }),
    { nil: null },
  ),
});

const scenario = fc.record({
  month: fc.constantFrom(...MONTHS),
  zone: fc.constantFrom(...ZONES),
  policy,
  by: fc.constantFrom<ReportKey[]>(['user', 'issue'], ['issue', 'user'], ['user'], ['issue']),
  work: fc.array(fc.array(stretch, { maxLength: 25 }), { minLength: USERS.length, maxLength: USERS.length }),
});

/** A user's entries, one after another from the 1st of `month` (UTC) for about a month: never overlapping. */
function entriesOf(userIndex: number, month: string, stretches: readonly Stretch[]): TimeEntry[] {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const first = Date.UTC(year, monthNumber - 1, 1);
  const entries: TimeEntry[] = [];
  let cursor = first;
  for (const [index, { gap, seconds, issue, billable }] of stretches.entries()) {
    const start = cursor + gap * 1000;
    if (start >= first + 30 * DAY_MS) break;
    const end = start + seconds * 1000;
    entries.push({ id: `u${userIndex}e${String(index).padStart(4, '0')}`, issue, start: instant(start), end: instant(end), billable });
    cursor = end;
  }
  return entries;
}

const instant = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

// ---- The oracle: local days, ISO weeks and rounding, written independently of core. ----

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function localDayOf(ms: number, zone: string): string {
  let format = dayFormats.get(zone);
  if (!format) dayFormats.set(zone, (format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(ms);
}

/** [startMs, endMs) cut where the local day changes, found by bisection to the second. */
function splitByLocalDay(startMs: number, endMs: number, zone: string): { day: string; seconds: number }[] {
  const pieces: { day: string; seconds: number }[] = [];
  for (let from = startMs; from < endMs; ) {
    const day = localDayOf(from, zone);
    let to = endMs;
    if (localDayOf(endMs - 1000, zone) !== day) {
      let [inside, outside] = [from, endMs - 1000]; // the last second of `day`, the first one after
      while (outside - inside > 1000) {
        const middle = inside + Math.floor((outside - inside) / 2000) * 1000;
        if (localDayOf(middle, zone) === day) inside = middle;
        else outside = middle;
      }
      to = outside;
    }
    pieces.push({ day, seconds: (to - from) / 1000 });
    from = to;
  }
  return pieces;
}

function isoWeekOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = Date.UTC(y, m - 1, d);
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday 0
  const thursday = date + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const periodKey = (day: string, granularity: Granularity): string => (granularity === 'day' ? day : granularity === 'week' ? isoWeekOf(day) : day.slice(0, 7));

function round(seconds: number, { incrementSeconds: step, mode }: RoundingPolicy): number {
  if (mode === 'up') return Math.ceil(seconds / step) * step;
  if (mode === 'down') return Math.floor(seconds / step) * step;
  return Math.floor((2 * seconds + step) / (2 * step)) * step; // nearest, a half up
}

/** Integer division rounding a half up (all operands are whole numbers ≥ 0). */
const divHalfUp = (numerator: number, denominator: number): number => Math.floor((2 * numerator + denominator) / (2 * denominator));

const onlyRate = (rates: Set<number>): number | null => (rates.size === 1 ? ([...rates][0] as number) : null);
const rateOf = (user: string, issue: string): number =>
  (RATES.issues as Record<string, number>)[issue] ?? (RATES.users as Record<string, number>)[user] ?? RATES.default;

function addDaysTo(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The widest whole-period range around `first`..`last` that the report accepts for `granularity`. */
function rangeFor(first: string, last: string, granularity: Granularity): { from: string; to: string } {
  const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  if (granularity === 'day') return { from: first, to: last };
  if (granularity === 'week') return { from: addDaysTo(first, -weekday(first)), to: addDaysTo(last, 6 - weekday(last)) };
  const nextMonth = addDaysTo(`${last.slice(0, 7)}-28`, 4).slice(0, 7);
  return { from: `${first.slice(0, 7)}-01`, to: addDaysTo(`${nextMonth}-01`, -1) };
}

const compareKey = (key: ReportKey, a: string, b: string): number =>
  key === 'issue' && /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;

describe('report totals = team layer = private layer (after the policy)', () => {
  it('holds for random entries, users, zones, granularities and rounding policies', () => {
    fc.assert(
      fc.property(scenario, ({ month, zone, policy: { period: granularity, rounding }, by, work }) => {
        const files: TeamFile[] = [];
        /** Expected buckets per user × issue × period, from the private entries alone. */
        const expected = new Map<string, { user: string; issue: string; period: string; seconds: number; billableSeconds: number }>();
        const allDays: string[] = [];

        USERS.forEach((user, userIndex) => {
          const entries = entriesOf(userIndex, month, work[userIndex] as Stretch[]);
          const trackedSeconds = entries.reduce((sum, e) => sum + (Date.parse(e.end) - Date.parse(e.start)) / 1000, 0);

          // Core's split at local midnights is the oracle's, piece for piece, to the second.
          const pieces = piecesOf(entries, zone);
          const ownPieces = entries.flatMap((e) => splitByLocalDay(Date.parse(e.start), Date.parse(e.end), zone).map((piece) => ({ entryId: e.id, ...piece })));
          expect(pieces.map(({ entryId, day, seconds }) => ({ entryId, day, seconds }))).toEqual(ownPieces);
          expect(pieces.reduce((sum, piece) => sum + piece.seconds, 0)).toBe(trackedSeconds);

          // The policy, by hand: each entry's time per period, rounded per entry if the scope says so.
          const perEntry = new Map<string, { issue: string; period: string; seconds: number; billable: boolean }>();
          for (const piece of ownPieces) {
            const e = entries.find((candidate) => candidate.id === piece.entryId) as TimeEntry;
            const period = periodKey(piece.day, granularity);
            const part = perEntry.get(`${e.id} ${period}`) ?? { issue: e.issue, period, seconds: 0, billable: e.billable };
            part.seconds += piece.seconds;
            perEntry.set(`${e.id} ${period}`, part);
            allDays.push(piece.day);
          }
          for (const part of perEntry.values()) {
            const key = `${user} ${part.issue} ${part.period}`;
            const bucket = expected.get(key) ?? { user, issue: part.issue, period: part.period, seconds: 0, billableSeconds: 0 };
            bucket.seconds += part.seconds;
            if (part.billable) bucket.billableSeconds += rounding?.scope === 'entry' ? round(part.seconds, rounding) : part.seconds;
            expected.set(key, bucket);
          }

          // The team files, as the lifecycle writes them: core's buckets, one file per month
          // shard (the data's, plus empty neighbours), rendered to bytes and read back.
          const buckets = bucketsOf(pieces, user, granularity, rounding);
          const aggregation: Aggregation = { identity: user, pieces, buckets, granularity, rounding };
          const shards = new Set([month, ...buckets.map((bucket) => shardOfPeriod(bucket.period))]);
          const collection: Collection = { entries, shards: new Map([...shards].map((shard) => [shard, entries.length])) };
          for (const file of teamFilesOf(aggregation, collection)) {
            expect(teamFileProblems(file)).toEqual([]);
            const read = JSON.parse(renderTeamFile(file)) as TeamFile;
            expect(read).toEqual(file);
            files.push(read);
          }

          // Team layer = private layer, to the second.
          const mine = files.filter((file) => file.user === user).flatMap((file) => file.buckets);
          expect(mine.reduce((sum, bucket) => sum + bucket.seconds, 0)).toBe(trackedSeconds);
          for (const issue of ISSUES)
            expect(mine.filter((b) => b.issue === issue).reduce((sum, b) => sum + b.seconds, 0)).toBe(
              entries.filter((e) => e.issue === issue).reduce((sum, e) => sum + (Date.parse(e.end) - Date.parse(e.start)) / 1000, 0),
            );
        });

        // Every team bucket is the expected one: seconds, and billable seconds after entry rounding.
        const teamBuckets = files.flatMap((file) => file.buckets.map((bucket) => ({ user: file.user, ...bucket })));
        expect(teamBuckets.map(({ user, issue, period, seconds, billableSeconds }) => ({ user, issue, period, seconds, billableSeconds })).sort(byJson)).toEqual(
          [...expected.values()].sort(byJson),
        );

        // The report over every day with data, in whole periods of the granularity.
        const days = allDays.sort();
        const range = rangeFor(days[0] ?? `${month}-01`, days.at(-1) ?? `${month}-01`, granularity);
        const bill = buildReport(files, CONFIG, { ...range, by });

        // Expected rows: bucket rounding per user × issue × period, then per row hours to the
        // hundredth, and money as those hours × the rate, to the cent (integer arithmetic, a half
        // up; a row of several rates bills each rate's hours so); totals = sums of rows.
        const rows = new Map<string, { keys: Record<string, string>; seconds: number; billable: number; billedAt: Map<number, number>; rates: Set<number>; billedRates: Set<number> }>();
        for (const bucket of expected.values()) {
          const keys = Object.fromEntries(by.map((key) => [key, bucket[key as 'user' | 'issue']]));
          const id = by.map((key) => keys[key]).join(' ');
          const row = rows.get(id) ?? { keys, seconds: 0, billable: 0, billedAt: new Map<number, number>(), rates: new Set<number>(), billedRates: new Set<number>() };
          const billable = rounding?.scope === 'bucket' ? round(bucket.billableSeconds, rounding) : bucket.billableSeconds;
          const rate = rateOf(bucket.user, bucket.issue);
          row.seconds += bucket.seconds;
          row.billable += billable;
          if (billable > 0) row.billedAt.set(rate, (row.billedAt.get(rate) ?? 0) + billable);
          (billable > 0 ? row.billedRates : row.rates).add(rate); // a row's rate is what it billed at
          rows.set(id, row);
        }
        const expectedRows = [...rows.values()]
          .map(({ keys, seconds, billable, billedAt, rates: unbilled, billedRates }) => ({
            ...keys,
            hundredths: divHalfUp(seconds, 36),
            billableHundredths: divHalfUp(billable, 36),
            // rates are whole or halves: hundredths × rate × 2 is a whole number of half cents
            cents: divHalfUp([...billedAt].reduce((halves, [rate, billed]) => halves + divHalfUp(billed, 36) * rate * 2, 0), 2),
            rate: onlyRate(billedRates.size > 0 ? billedRates : unbilled),
          }))
          .sort((a, b) => {
            for (const key of by) {
              const order = compareKey(key, (a as Record<string, unknown>)[key] as string, (b as Record<string, unknown>)[key] as string);
              if (order !== 0) return order;
            }
            return 0;
          });
        expect(bill.rows).toEqual(
          expectedRows.map(({ hundredths, billableHundredths, cents, ...rest }) => ({
            ...rest,
            hours: hundredths / 100,
            billableHours: billableHundredths / 100,
            amount: cents / 100,
          })),
        );
        // Every row of one rate foots: its billable hours × its rate, to the cent.
        for (const row of bill.rows) if (row.rate !== null) expect(row.amount).toBe(Math.round(Math.round(row.billableHours * 100) * row.rate) / 100);
        const sum = (pick: (row: (typeof expectedRows)[number]) => number) => expectedRows.reduce((total, row) => total + pick(row), 0) / 100;
        expect(bill.totals).toEqual({ hours: sum((r) => r.hundredths), billableHours: sum((r) => r.billableHundredths), amount: sum((r) => r.cents) });

        // And the report's hours are the team layer's seconds, each row off by at most half a hundredth.
        const teamSeconds = teamBuckets.reduce((total, bucket) => total + bucket.seconds, 0);
        expect(Math.abs(bill.totals.hours * 3600 - teamSeconds)).toBeLessThanOrEqual(18 * bill.rows.length + 1e-6);
      }),
      { numRuns: 200 },
    );
  });
});

const byJson = (a: object, b: object): number => {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};
