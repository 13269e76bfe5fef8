import { roundSeconds } from '../time/rounding.js';
import type { TeamFile } from './team-file.js';

/**
 * One team file's place in `TeamColumns`: its header, its buckets at `start` up to `end`, and its
 * issue totals at `rollupStart` up to `rollupEnd`.
 */
export interface ColumnFile {
  head: Omit<TeamFile, 'buckets'>;
  start: number;
  end: number;
  rollupStart: number;
  rollupEnd: number;
  /** Its earliest and latest bucket period (of one granularity, so they sort in time). */
  firstPeriod: string;
  lastPeriod: string;
}

/**
 * Team files with their buckets in columns: typed arrays, and two string tables (issues, periods)
 * that all files share. Reports read this: a year of 50 developers is 50,000 buckets, which as
 * objects cost more in garbage collection than in arithmetic. The report cache stores it too,
 * since `v8.deserialize` reads a few large arrays at the speed of memory.
 */
export interface TeamColumns {
  files: ColumnFile[];
  issues: string[];
  periods: string[];
  issue: Uint32Array;
  period: Uint32Array;
  seconds: Counts;
  billableSeconds: Counts;
  entries: Counts;
  /**
   * Each file's buckets summed by issue, billable time rounded per bucket as the file's policy
   * says, with the number of buckets that bill nothing. A report by user and issue over whole
   * files — the usual bill — reads these: a twentieth of the buckets.
   */
  rollupIssue: Uint32Array;
  rollupSeconds: Counts;
  rollupBillableSeconds: Counts;
  rollupUnbilled: Counts;
}

/**
 * Whole numbers ≥ 0, as team files hold them: 32 bits each (half the bytes to read back), unless
 * one of them does not fit, when the column keeps 64-bit floats and so every value exactly.
 */
type Counts = Uint32Array | Float64Array;

function countsOf(values: readonly number[]): Counts {
  return values.every((value) => value <= 0xffff_ffff) ? Uint32Array.from(values) : Float64Array.from(values);
}

export function teamColumnsOf(files: readonly TeamFile[]): TeamColumns {
  const builder = new ColumnsBuilder();
  for (const file of files) builder.addFile(file);
  return builder.build();
}

/** Builds `TeamColumns` from parsed files and from files of other columns (the cache's). */
export class ColumnsBuilder {
  readonly #files: ColumnFile[] = [];
  readonly #issues = new Map<string, number>();
  readonly #periods = new Map<string, number>();
  /** `#periods` by index. */
  readonly #periodNames: string[] = [];
  readonly #issue: number[] = [];
  readonly #period: number[] = [];
  readonly #seconds: number[] = [];
  readonly #billableSeconds: number[] = [];
  readonly #entries: number[] = [];
  readonly #rollup: { issue: number[]; seconds: number[]; billableSeconds: number[]; unbilled: number[] } = { issue: [], seconds: [], billableSeconds: [], unbilled: [] };

  addFile({ buckets, ...head }: TeamFile): void {
    const start = this.#issue.length;
    for (const bucket of buckets) this.#push(bucket.issue, bucket.period, bucket.seconds, bucket.billableSeconds, bucket.entries);
    this.#addRollup(head, start);
  }

  addFrom(columns: TeamColumns, file: ColumnFile): void {
    const start = this.#issue.length;
    for (let k = file.start; k < file.end; k += 1) {
      const issue = columns.issues[columns.issue[k] as number] as string;
      const period = columns.periods[columns.period[k] as number] as string;
      this.#push(issue, period, columns.seconds[k] as number, columns.billableSeconds[k] as number, columns.entries[k] as number);
    }
    this.#addRollup(file.head, start);
  }

  build(): TeamColumns {
    return {
      files: this.#files,
      issues: [...this.#issues.keys()],
      periods: this.#periodNames,
      issue: Uint32Array.from(this.#issue),
      period: Uint32Array.from(this.#period),
      seconds: countsOf(this.#seconds),
      billableSeconds: countsOf(this.#billableSeconds),
      entries: countsOf(this.#entries),
      rollupIssue: Uint32Array.from(this.#rollup.issue),
      rollupSeconds: countsOf(this.#rollup.seconds),
      rollupBillableSeconds: countsOf(this.#rollup.billableSeconds),
      rollupUnbilled: countsOf(this.#rollup.unbilled),
    };
  }

  /** The file whose buckets were just pushed from `start`, with its issue totals. */
  #addRollup(head: ColumnFile['head'], start: number): void {
    const end = this.#issue.length;
    const rounding = head.rounding?.scope === 'bucket' ? head.rounding : null;
    const rows = new Map<number, number>(); // issue index → rollup row
    const rollup = this.#rollup;
    const rollupStart = rollup.issue.length;
    let [firstPeriod, lastPeriod] = ['', ''];
    for (let k = start; k < end; k += 1) {
      const issue = this.#issue[k] as number;
      let row = rows.get(issue);
      if (row === undefined) {
        rows.set(issue, (row = rollup.issue.length));
        rollup.issue.push(issue);
        rollup.seconds.push(0);
        rollup.billableSeconds.push(0);
        rollup.unbilled.push(0);
      }
      const billable = this.#billableSeconds[k] as number;
      const billed = rounding ? roundSeconds(billable, rounding.incrementSeconds, rounding.mode) : billable;
      rollup.seconds[row] = (rollup.seconds[row] as number) + (this.#seconds[k] as number);
      rollup.billableSeconds[row] = (rollup.billableSeconds[row] as number) + billed;
      if (billed === 0) rollup.unbilled[row] = (rollup.unbilled[row] as number) + 1;
      const period = this.#periodNames[this.#period[k] as number] as string;
      if (firstPeriod === '' || period < firstPeriod) firstPeriod = period;
      if (period > lastPeriod) lastPeriod = period;
    }
    this.#files.push({ head, start, end, rollupStart, rollupEnd: rollup.issue.length, firstPeriod, lastPeriod });
  }

  #push(issue: string, period: string, seconds: number, billableSeconds: number, entries: number): void {
    this.#issue.push(indexIn(this.#issues, issue));
    const periodIndex = indexIn(this.#periods, period);
    if (periodIndex === this.#periodNames.length) this.#periodNames.push(period);
    this.#period.push(periodIndex);
    this.#seconds.push(seconds);
    this.#billableSeconds.push(billableSeconds);
    this.#entries.push(entries);
  }
}

function indexIn(table: Map<string, number>, value: string): number {
  let index = table.get(value);
  if (index === undefined) table.set(value, (index = table.size));
  return index;
}
