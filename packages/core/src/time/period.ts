/**
 * Periods: what `--period` accepts (docs/tracking.md: `YYYY`, `YYYY-MM`, `YYYY-Www`, `YYYY-MM-DD`) and
 * the period keys of team buckets (`PeriodBucket.period`: a day, an ISO week or a month).
 */
import { civilFromEpochDay, daysInMonth, epochDayFromCivil, epochDayOf, formatEpochDay, formatYear, pad2, parseEpochDay } from './calendar.js';
import { isoWeek, isoWeekMonday } from './iso-week.js';

/** The periods a team's granularity policy can bucket by. */
export type Granularity = 'day' | 'week' | 'month';

/** Finest first: a day fits in a week, a week is read by the month of its Monday. */
export const GRANULARITY_RANK: Readonly<Record<Granularity, number>> = { day: 0, week: 1, month: 2 };

/** The coarser of two granularities. */
export function coarserGranularity(a: Granularity, b: Granularity): Granularity {
  return GRANULARITY_RANK[a] >= GRANULARITY_RANK[b] ? a : b;
}

export type PeriodKind = 'year' | 'month' | 'week' | 'day';

/** A period as the local days it spans, both included. */
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

/** `YYYY-MM` of `day`. */
export function monthOf(day: string): string {
  const { year, month } = civilFromEpochDay(epochDayOf(day));
  return `${formatYear(year)}-${pad2(month)}`;
}

/** The key of the `granularity` period that holds `day`: the day itself, its ISO week or its month. */
export function periodOf(day: string, granularity: Granularity): string {
  if (granularity === 'week') return isoWeek(day);
  if (granularity === 'month') return monthOf(day);
  return formatEpochDay(epochDayOf(day)); // refuses a malformed day, as the other two do
}

/** The days a `--period` value spans, or `null` unless it names a real year, month, ISO week or day. */
export function parsePeriod(text: string): Period | null {
  const input = text.trim();
  const yearMatch = YEAR.exec(input);
  if (yearMatch) {
    const year = Number(yearMatch[1]);
    return span('year', epochDayFromCivil(year, 1, 1), epochDayFromCivil(year, 12, 31));
  }
  const monthMatch = MONTH.exec(input);
  if (monthMatch) {
    const year = Number(monthMatch[1]);
    const month = Number(monthMatch[2]);
    if (month < 1 || month > 12) return null;
    return span('month', epochDayFromCivil(year, month, 1), epochDayFromCivil(year, month, daysInMonth(year, month)));
  }
  const weekMatch = WEEK.exec(input);
  if (weekMatch) {
    const monday = isoWeekMonday(Number(weekMatch[1]), Number(weekMatch[2]));
    return monday === null ? null : span('week', monday, monday + 6);
  }
  const day = parseEpochDay(input);
  return day === null ? null : span('day', day, day);
}

function span(kind: PeriodKind, firstEpochDay: number, lastEpochDay: number): Period {
  return { kind, from: formatEpochDay(firstEpochDay), to: formatEpochDay(lastEpochDay) };
}
