import { compareIssues } from '../aggregation/buckets.js';
import type { FlowForgeConfig } from '../config/schema.js';
import { flowForgeError } from '../errors.js';
import { type ColumnFile, type TeamColumns, teamColumnsOf } from '../team/columns.js';
import type { TeamFile } from '../team/team-file.js';
import { addDays, epochDayOf, formatEpochDay } from '../time/calendar.js';
import { isoWeek, isoWeekMonday } from '../time/iso-week.js';
import { coarserGranularity, type Granularity, GRANULARITY_RANK } from '../time/period.js';
import { roundSeconds } from '../time/rounding.js';

export const REPORT_KEYS = ['user', 'issue', 'day', 'week', 'month'] as const;
/** An organisation's report (`report --org`) also groups by repository and by the org file's groups. */
export const ORG_REPORT_KEYS = [...REPORT_KEYS, 'repo', 'group'] as const;
export type ReportKey = (typeof ORG_REPORT_KEYS)[number];

/** One line of the bill: a group of buckets, its time and its money. */
export interface ReportRow {
  user?: string;
  issue?: string;
  day?: string;
  week?: string;
  month?: string;
  /** Only in an organisation's report: the repository, as the org file names it. */
  repo?: string;
  /** Only in an organisation's report: the repository's group in the org file (`null`: none). */
  group?: string | null;
  hours: number;
  billableHours: number;
  /** The hourly rate, or `null` when the row mixes rates (e.g. grouped by user only). */
  rate: number | null;
  amount: number;
}

/** `flowforge report --format json`, schema `flowforge.report/1` (docs/reports.md). */
export interface Report {
  schema: 'flowforge.report/1';
  from: string;
  to: string;
  currency: string;
  by: ReportKey[];
  rows: ReportRow[];
  totals: { hours: number; billableHours: number; amount: number };
}

/** Hourly rates, most specific first: an issue's, a user's, the default. */
export type Rates = Pick<FlowForgeConfig['billing']['rates'], 'default' | 'users' | 'issues'>;

/**
 * The bill for local days `from`..`to` from the team layer alone. The order of rounding, which
 * Toggl and Kimai users compare, is: (1) entry rounding happened when the team file was written;
 * (2) bucket rounding here, on each user × issue × period sum; (3) hours and billable hours are
 * summed per row and rounded once, to 0.01 h; (4) the amount is those billable hours × the rate,
 * rounded to cents, so every row foots; (5) totals are the sums of the rows as shown.
 */
export function buildReport(
  layer: readonly TeamFile[] | TeamColumns,
  config: { billing: Pick<FlowForgeConfig['billing'], 'currency' | 'rates'> },
  range: { from: string; to: string; by: readonly ReportKey[] },
): Report {
  const bill = new ReportBuilder(range);
  bill.add(layer, config.billing.rates);
  return bill.finish(config.billing.currency);
}

/**
 * A bill added up from several team layers — an organisation's repositories — one at a time, each
 * with its own rates and its `repo` and `group` keys, so that only the rows are held, never every
 * repository's layer at once. Each row's money is computed once all layers are in, from seconds,
 * exactly as one layer's bill is.
 */
export class ReportBuilder {
  readonly #range: { from: string; to: string; by: readonly ReportKey[] };
  readonly #groups: GroupTree;
  #source: { repo: string; group: string | null } = { repo: '', group: null };

  constructor(range: { from: string; to: string; by: readonly ReportKey[] }) {
    this.#range = range;
    // Only the keys asked for are computed: a year of a team is tens of thousands of buckets.
    const keyOf: Record<ReportKey, Keyer> = {
      user: (user) => user,
      issue: (_user, issue) => issue,
      day: (_user, _issue, start) => start,
      week: (_user, _issue, start, period) => (period.includes('W') ? period : isoWeek(start)),
      month: (_user, _issue, start) => start.slice(0, 7),
      repo: () => this.#source.repo,
      group: () => this.#source.group ?? '',
    };
    this.#groups = new GroupTree(
      range.by.map((key) => keyOf[key]),
      range.by,
      // A row of one repository names its group too; a group's row, none or several repositories.
      range.by.includes('repo') && !range.by.includes('group') ? () => ({ group: this.#source.group }) : () => ({}),
    );
  }

  /** Adds one team layer billed at `rates`; `source` names its repository in an organisation's bill. */
  add(layer: readonly TeamFile[] | TeamColumns, rates: Rates, source?: { repo: string; group: string | null }): void {
    const range = this.#range;
    if (source) this.#source = source;
    const groups = this.#groups;
    const columns = isColumns(layer) ? layer : teamColumnsOf(layer);
    guardFineness(range, coarsestGranularity(columns.files));
    // Each distinct period's first day, once: periods repeat in every user's files.
    const startOf = columns.periods.map(periodStart);
    const { issues, periods, issue: issueOf, period: periodOf, seconds: secondsOf, billableSeconds: billableOf } = columns;
    // Grouped by user and issue only (and repository), a file wholly in the range is billed from its issue totals.
    const byUserAndIssue = range.by.every((key) => key === 'user' || key === 'issue' || key === 'repo' || key === 'group');
    for (const { head, start: first, end, rollupStart, rollupEnd, firstPeriod, lastPeriod } of columns.files) {
      const bucketRounding = head.rounding?.scope === 'bucket' ? head.rounding : null;
      const userRate = ownRate(rates.users, head.user) ?? rates.default;
      if (byUserAndIssue && first < end && periodStart(firstPeriod) >= range.from && periodStart(lastPeriod) <= range.to) {
        for (let r = rollupStart; r < rollupEnd; r += 1) {
          const issue = issues[columns.rollupIssue[r] as number] as string;
          const rate = ownRate(rates.issues, issue) ?? userRate;
          const billableSeconds = columns.rollupBillableSeconds[r] as number;
          addTo(groups.find(head.user, issue, '', ''), columns.rollupSeconds[r] as number, billableSeconds, rate, (columns.rollupUnbilled[r] as number) > 0);
        }
        continue;
      }
      for (let k = first; k < end; k += 1) {
        const start = startOf[periodOf[k] as number] as string;
        if (start < range.from || start > range.to) continue;
        const issue = issues[issueOf[k] as number] as string;
        const billed = billableOf[k] as number;
        const billableSeconds = bucketRounding ? roundSeconds(billed, bucketRounding.incrementSeconds, bucketRounding.mode) : billed;
        const rate = ownRate(rates.issues, issue) ?? userRate;
        const group = groups.find(head.user, issue, start, periods[periodOf[k] as number] as string);
        addTo(group, secondsOf[k] as number, billableSeconds, rate, billableSeconds === 0);
      }
    }
  }

  /** The rows and totals of everything added. */
  finish(currency: string): Report {
    const range = this.#range;
    const rows = this.#groups.all
      .map(({ keys, seconds, billableSeconds, billedAt, unbilledAt }) => {
        const seen = billedAt.size > 0 ? [...billedAt.keys()] : [...unbilledAt];
        // The hours shown × the rate shown: a row with one rate foots. A row of several rates (no
        // rate shown) bills each rate's hours, rounded alike, at that rate.
        let centsOfMoney = 0;
        for (const [rate, billed] of billedAt) centsOfMoney += hundredthsOfHour(billed) * rate;
        return {
          ...keys,
          hours: toHours(seconds),
          billableHours: toHours(billableSeconds),
          rate: seen.length === 1 ? (seen[0] as number) : null,
          amount: amountOf(centsOfMoney),
        };
      })
      .sort((a, b) => compareRows(a, b, range.by));
    const totals = {
      hours: cents(rows.reduce((sum, row) => sum + row.hours, 0)),
      billableHours: cents(rows.reduce((sum, row) => sum + row.billableHours, 0)),
      amount: cents(rows.reduce((sum, row) => sum + row.amount, 0)),
    };
    return { schema: 'flowforge.report/1', from: range.from, to: range.to, currency, by: [...range.by], rows, totals };
  }
}

/** The first local day of a bucket's period: the day, the Monday of its week, the 1st of its month. */
export function periodStart(period: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return formatEpochDay(isoWeekMonday(Number(week[1]), Number(week[2])) as number);
  return period.length === 7 ? `${period}-01` : period;
}

/** A report cannot split a bucket: asking for days of week buckets would invent a split. */
function guardFineness(range: { from: string; to: string; by: readonly ReportKey[] }, granularity: Granularity): void {
  const fineness = GRANULARITY_RANK[granularity];
  const refuse = (asked: string) => {
    throw flowForgeError('FF_PERIOD_TOO_FINE', { asked, granularity });
  };
  if (range.by.includes('day') && fineness > 0) refuse('grouping by day');
  if (range.by.includes('week') && fineness > 1) refuse('grouping by week');
  if (granularity === 'day') return;
  const aligned = granularity === 'week' ? isMonday(range.from) && isMonday(addDays(range.to, 1)) : range.from.endsWith('-01') && addDays(range.to, 1).endsWith('-01');
  if (!aligned) refuse(`${range.from} to ${range.to}`);
}

type Keyer = (user: string, issue: string, start: string, period: string) => string;

interface Group {
  keys: Pick<ReportRow, ReportKey>;
  seconds: number;
  billableSeconds: number;
  /**
   * Billable seconds by rate. Money is computed per rate once the seconds are summed: a product
   * per bucket is a float that a short-lived process boxes on the heap 50,000 times.
   */
  billedAt: Map<number, number>;
  /** Rates of buckets with no billable time. */
  unbilledAt: Set<number>;
}

/**
 * Adds time billed at `rate` to a group. Non-billable time has no price: `billsNothing` time makes
 * a row's rate "mixed" only when the row has no billable time at all.
 */
function addTo(group: Group, seconds: number, billableSeconds: number, rate: number, billsNothing: boolean): void {
  group.seconds += seconds;
  group.billableSeconds += billableSeconds;
  if (billableSeconds > 0) group.billedAt.set(rate, (group.billedAt.get(rate) ?? 0) + billableSeconds);
  if (billsNothing) group.unbilledAt.add(rate);
}

/**
 * The report's groups, found through one map per grouping key rather than by a joined string key:
 * no string is built per bucket, and each lookup hashes a string V8 has already hashed.
 */
class GroupTree {
  readonly all: Group[] = [];
  readonly #root = new Map<string, unknown>();

  constructor(
    private readonly keyers: readonly Keyer[],
    private readonly by: readonly ReportKey[],
    /** Keys a row carries beside those it is grouped by (a repository's group). */
    private readonly implied: () => Pick<ReportRow, 'group'>,
  ) {}

  find(user: string, issue: string, start: string, period: string): Group {
    let level = this.#root;
    for (let i = 0; i < this.keyers.length - 1; i += 1) {
      const value = (this.keyers[i] as Keyer)(user, issue, start, period);
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (!next) level.set(value, (next = new Map()));
      level = next;
    }
    const last = this.keyers.length === 0 ? '' : (this.keyers[this.keyers.length - 1] as Keyer)(user, issue, start, period);
    let group = level.get(last) as Group | undefined;
    if (!group) {
      const keys: Pick<ReportRow, ReportKey> = { ...Object.fromEntries(this.by.map((key, i) => [key, (this.keyers[i] as Keyer)(user, issue, start, period)])), ...this.implied() };
      // A repository outside every group: `null`, as the implied group of its rows is.
      if (keys.group === '') keys.group = null;
      group = { keys, seconds: 0, billableSeconds: 0, billedAt: new Map<number, number>(), unbilledAt: new Set<number>() };
      level.set(last, group);
      this.all.push(group);
    }
    return group;
  }
}

/** The coarsest period any of the files was summarised by (`day` when there are none): the finest a report can show. */
export function coarsestGranularity(files: readonly Pick<ColumnFile, 'head'>[]): Granularity {
  return files.reduce<Granularity>((coarsest, { head }) => coarserGranularity(coarsest, head.granularity), 'day');
}

const isColumns = (layer: readonly TeamFile[] | TeamColumns): layer is TeamColumns => !Array.isArray(layer);

const isMonday = (day: string): boolean => (epochDayOf(day) + 3) % 7 === 0;
/** Whole seconds in hundredths of an hour, a half rounding up: exact, as 1/100 h is 36 s. */
const hundredthsOfHour = (seconds: number): number => Math.round(seconds / 36);
/** Hours to the hundredth, a half rounding up: what every row shows and bills. */
export const toHours = (seconds: number): number => hundredthsOfHour(seconds) / 100;
/**
 * Hundredths of an hour × rate, which is cents, to money rounded once to the cent, half up
 * (0.67 h × 140 = 93.80; 0.67 h × 99.99 = 66.99): 15 significant digits drop the float noise of
 * rates such as 99.99.
 */
const amountOf = (cents: number): number => Math.round(Number(cents.toPrecision(15))) / 100;
/** A configured rate for `key`, never one inherited from `Object.prototype` (a user "constructor", an issue "toString"). */
const ownRate = (rates: Record<string, number>, key: string): number | undefined => (Object.hasOwn(rates, key) ? rates[key] : undefined);
/** Sums of two-decimal values back to two decimals (EPSILON keeps 1.005, stored as 1.00499…, from rounding down). */
const cents = (value: number): number => Math.round((value + Number.EPSILON) * 100) / 100;

function compareRows(a: ReportRow, b: ReportRow, by: readonly ReportKey[]): number {
  for (const key of by) {
    const [x = '', y = ''] = [a[key] ?? '', b[key] ?? ''];
    const order = key === 'issue' ? compareIssues(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}
