import { compareIssues } from '../aggregation/buckets.js';
import type { FlowForgeConfig } from '../config/schema.js';
import { flowForgeError } from '../errors.js';
import type { TeamFile } from '../team/team-file.js';
import { addDays, epochDayOf, formatEpochDay } from '../time/calendar.js';
import { isoWeek, isoWeekMonday } from '../time/iso-week.js';
import type { Granularity } from '../time/period.js';
import { roundSeconds } from '../time/rounding.js';

export const REPORT_KEYS = ['user', 'issue', 'day', 'week', 'month'] as const;
export type ReportKey = (typeof REPORT_KEYS)[number];

/** One line of the bill: a group of buckets, its time and its money. */
export interface ReportRow {
  user?: string;
  issue?: string;
  day?: string;
  week?: string;
  month?: string;
  hours: number;
  billableHours: number;
  /** The hourly rate, or `null` when the row mixes rates (e.g. grouped by user only). */
  rate: number | null;
  amount: number;
}

/** `flowforge report --format json`, schema `flowforge.report/1` (SPEC §7). */
export interface Report {
  schema: 'flowforge.report/1';
  from: string;
  to: string;
  currency: string;
  by: ReportKey[];
  rows: ReportRow[];
  totals: { hours: number; billableHours: number; amount: number };
}

const FINENESS: Record<Granularity, number> = { day: 0, week: 1, month: 2 };

/**
 * The bill for local days `from`..`to` from the team layer alone. The order of rounding, which
 * Toggl and Kimai users compare, is: (1) entry rounding happened when the team file was written;
 * (2) bucket rounding here, on each user × issue × period sum; (3) hours and billable hours are
 * summed per row; (4) money is computed per bucket at its rate and rounded once, to cents, per
 * row; (5) totals are the sums of the rows.
 */
export function buildReport(files: readonly TeamFile[], config: Pick<FlowForgeConfig, 'billing'>, range: { from: string; to: string; by: readonly ReportKey[] }): Report {
  const granularity = coarsest(files);
  guardFineness(range, granularity);
  const rates = config.billing.rates;
  const groups = new Map<string, { keys: Partial<Record<ReportKey, string>>; seconds: number; billableSeconds: number; money: number; rates: Set<number>; billedRates: Set<number> }>();
  // Only the keys asked for are computed: a year of a team is tens of thousands of buckets.
  const keyOf: Record<ReportKey, (user: string, issue: string, start: string, period: string) => string> = {
    user: (user) => user,
    issue: (_user, issue) => issue,
    day: (_user, _issue, start) => start,
    week: (_user, _issue, start, period) => (period.includes('W') ? period : isoWeek(start)),
    month: (_user, _issue, start) => start.slice(0, 7),
  };
  const keyers = range.by.map((key) => keyOf[key]);
  for (const file of files) {
    const bucketRounding = file.rounding?.scope === 'bucket' ? file.rounding : null;
    for (const bucket of file.buckets) {
      const start = file.granularity === 'day' ? bucket.period : periodStart(bucket.period);
      if (start < range.from || start > range.to) continue;
      const billableSeconds = bucketRounding
        ? roundSeconds(bucket.billableSeconds, bucketRounding.incrementSeconds, bucketRounding.mode)
        : bucket.billableSeconds;
      const rate = ownRate(rates.issues, bucket.issue) ?? ownRate(rates.users, file.user) ?? rates.default;
      const values = keyers.map((keyer) => keyer(file.user, bucket.issue, start, bucket.period));
      const groupKey = values.join('\u0000');
      let group = groups.get(groupKey);
      if (!group) {
        group = { keys: Object.fromEntries(range.by.map((key, i) => [key, values[i]])), seconds: 0, billableSeconds: 0, money: 0, rates: new Set<number>(), billedRates: new Set<number>() };
        groups.set(groupKey, group);
      }
      group.seconds += bucket.seconds;
      group.billableSeconds += billableSeconds;
      group.money += billableSeconds * rate; // currency × seconds: exact for whole-number rates
      // Non-billable time has no price: it makes a row "mixed" only when the row has no billable time.
      (billableSeconds > 0 ? group.billedRates : group.rates).add(rate);
    }
  }
  const rows = [...groups.values()]
    .map(({ keys, seconds, billableSeconds, money, rates: unbilled, billedRates }) => {
      const seen = billedRates.size > 0 ? billedRates : unbilled;
      return {
        ...keys,
        hours: toHours(seconds),
        billableHours: toHours(billableSeconds),
        rate: seen.size === 1 ? ([...seen][0] as number) : null,
        amount: amountOf(money),
      };
    })
    .sort((a, b) => compareRows(a, b, range.by));
  const totals = {
    hours: cents(rows.reduce((sum, row) => sum + row.hours, 0)),
    billableHours: cents(rows.reduce((sum, row) => sum + row.billableHours, 0)),
    amount: cents(rows.reduce((sum, row) => sum + row.amount, 0)),
  };
  return { schema: 'flowforge.report/1', from: range.from, to: range.to, currency: config.billing.currency, by: [...range.by], rows, totals };
}

/** The first local day of a bucket's period: the day, the Monday of its week, the 1st of its month. */
export function periodStart(period: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return formatEpochDay(isoWeekMonday(Number(week[1]), Number(week[2])) as number);
  return period.length === 7 ? `${period}-01` : period;
}

/** A report cannot split a bucket: asking for days of week buckets would invent a split. */
function guardFineness(range: { from: string; to: string; by: readonly ReportKey[] }, granularity: Granularity): void {
  const fineness = FINENESS[granularity];
  const refuse = (asked: string) => {
    throw flowForgeError('FF_PERIOD_TOO_FINE', { asked, granularity });
  };
  if (range.by.includes('day') && fineness > 0) refuse('grouping by day');
  if (range.by.includes('week') && fineness > 1) refuse('grouping by week');
  if (granularity === 'day') return;
  const aligned = granularity === 'week' ? isMonday(range.from) && isMonday(addDays(range.to, 1)) : range.from.endsWith('-01') && addDays(range.to, 1).endsWith('-01');
  if (!aligned) refuse(`${range.from} to ${range.to}`);
}

function coarsest(files: readonly TeamFile[]): Granularity {
  return files.reduce<Granularity>((worst, file) => (FINENESS[file.granularity] > FINENESS[worst] ? file.granularity : worst), 'day');
}

const isMonday = (day: string): boolean => (epochDayOf(day) + 3) % 7 === 0;
/** Whole seconds to hours with two decimals, half up: `seconds / 36` is exact in hundredths of an hour. */
/** Hours to the hundredth, a half rounding up: exact for whole seconds (3600 s / 100 = 36 s). */
export const toHours = (seconds: number): number => Math.round(seconds / 36) / 100;
/**
 * Currency × seconds to money with two decimals, half a cent up (112.50/h × 1h05m = 121.875 bills
 * 121.88): `/ 36` gives cents, exactly for whole-number rates; 15 significant digits drop the float
 * noise of rates such as 99.99.
 */
const amountOf = (moneySeconds: number): number => Math.round(Number((moneySeconds / 36).toPrecision(15))) / 100;
/** A configured rate for `key`, never one inherited from `Object.prototype` (a user "constructor", an issue "toString"). */
const ownRate = (rates: Record<string, number>, key: string): number | undefined => (Object.hasOwn(rates, key) ? rates[key] : undefined);
/** Sums of two-decimal values back to two decimals (EPSILON keeps 1.005, stored as 1.00499…, from rounding down). */
const cents = (value: number): number => Math.round((value + Number.EPSILON) * 100) / 100;

function compareRows(a: ReportRow, b: ReportRow, by: readonly ReportKey[]): number {
  for (const key of by) {
    const [x = '', y = ''] = [a[key], b[key]];
    const order = key === 'issue' ? compareIssues(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}
