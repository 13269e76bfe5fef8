import { daysBetween, periodOf, type Granularity, type Report } from '@flowforge/core/lite';

/**
 * The hours-over-time chart: one bar per day, week or month of the report's range, empty periods
 * included, so that the axis is the calendar and a quiet week shows as a gap.
 */

/** Up to two months by day, up to half a year by week, longer by month: a few dozen bars at most. */
const MOST_DAYS_BY_DAY = 62;
const MOST_DAYS_BY_WEEK = 183;

const COARSENESS: Record<Granularity, number> = { day: 0, week: 1, month: 2 };

/**
 * The step of the chart for local days `from`..`to`: the length of the range decides, but never
 * a step finer than the team's summaries hold (weekly files cannot be shown by day).
 */
export function timelineStep(from: string, to: string, granularity: Granularity): Granularity {
  const days = daysBetween(from, to).length;
  const byLength: Granularity = days <= MOST_DAYS_BY_DAY ? 'day' : days <= MOST_DAYS_BY_WEEK ? 'week' : 'month';
  return COARSENESS[granularity] > COARSENESS[byLength] ? granularity : byLength;
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
  const points: TimelinePoint[] = [];
  for (const day of daysBetween(byStep.from, byStep.to)) {
    const period = periodOf(day, step);
    if (points.at(-1)?.period !== period) points.push({ period, firstDay: day, hours: hours.get(period) ?? 0 });
  }
  return points;
}
