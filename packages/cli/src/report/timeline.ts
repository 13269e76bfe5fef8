import { coarserGranularity, daysBetween, periodOf, periodStart, type Granularity, type Report } from '@flowforge/core/lite';

/**
 * The hours-over-time chart: one bar per day, week or month of the report's range, empty periods
 * included, so that the axis is the calendar and a quiet week shows as a gap.
 */

/** Up to two months by day, up to half a year by week, longer by month: a few dozen bars at most. */
const MOST_DAYS_BY_DAY = 62;
const MOST_DAYS_BY_WEEK = 183;

/**
 * The step of the chart for local days `from`..`to`: the length of the range decides, but never
 * a step finer than the team's summaries hold (weekly files cannot be shown by day).
 */
export function timelineStep(from: string, to: string, granularity: Granularity): Granularity {
  const days = daysBetween(from, to).length;
  const byLength: Granularity = days <= MOST_DAYS_BY_DAY ? 'day' : days <= MOST_DAYS_BY_WEEK ? 'week' : 'month';
  return coarserGranularity(granularity, byLength);
}

/** One bar: the period's key (`2026-11-02`, `2026-W45`, `2026-11`), its first day in the range, its hours. */
export interface TimelinePoint {
  period: string;
  firstDay: string;
  hours: number;
}

/** Every period of `step` that the range touches, in order, with the hours of `byStep` (a report grouped by that step alone). */
export function timelinePoints(byStep: Report, step: Granularity): TimelinePoint[] {
  const hours = new Map(byStep.rows.map((row) => [row[step] ?? '', row.hours]));
  return pointsOf(byStep.from, byStep.to, step, hours);
}

/**
 * Hours over time added up from several team layers — an organisation's repositories — each
 * grouped by its own coarsest granularity: the chart's step is chosen once all are in, never finer
 * than the coarsest of them, and each bucket counts in the step period of its first day (as a
 * report by that step counts it).
 */
export class TimelineTotals {
  #coarsest: Granularity = 'day';
  readonly #hoursByFirstDay = new Map<string, number>();

  /** `byOwnStep`: one layer's report grouped by `granularity` alone. */
  add(byOwnStep: Report, granularity: Granularity): void {
    this.#coarsest = coarserGranularity(this.#coarsest, granularity);
    for (const row of byOwnStep.rows) {
      const firstDay = periodStart(row[granularity] ?? '');
      this.#hoursByFirstDay.set(firstDay, (this.#hoursByFirstDay.get(firstDay) ?? 0) + row.hours);
    }
  }

  finish(from: string, to: string): { step: Granularity; points: TimelinePoint[] } {
    const step = timelineStep(from, to, this.#coarsest);
    const hours = new Map<string, number>();
    for (const [day, added] of this.#hoursByFirstDay) {
      const period = periodOf(day, step);
      hours.set(period, Math.round(((hours.get(period) ?? 0) + added) * 100) / 100);
    }
    return { step, points: pointsOf(from, to, step, hours) };
  }
}

function pointsOf(from: string, to: string, step: Granularity, hours: ReadonlyMap<string, number>): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  for (const day of daysBetween(from, to)) {
    const period = periodOf(day, step);
    if (points.at(-1)?.period !== period) points.push({ period, firstDay: day, hours: hours.get(period) ?? 0 });
  }
  return points;
}
