/**
 * ISO-8601 weeks (docs/tracking.md): Monday to Sunday, numbered within an "ISO year" whose week 1 holds
 * the calendar year's first Thursday. So 2026-12-31 (a Thursday) is in 2026-W53 and
 * 2027-01-01 (a Friday) too; a year has 53 weeks when it starts on a Thursday, or on a
 * Wednesday in a leap year.
 */
import { civilFromEpochDay, epochDayFromCivil, epochDayOf, formatYear, pad2 } from './calendar.js';

/** 0 for Monday … 6 for Sunday; 1970-01-01 was a Thursday. */
function daysSinceMonday(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

function isoWeekOfEpochDay(epochDay: number): { year: number; week: number } {
  // A week belongs to the ISO year its Thursday falls in.
  const thursday = epochDay - daysSinceMonday(epochDay) + 3;
  const { year } = civilFromEpochDay(thursday);
  return { year, week: Math.floor((thursday - epochDayFromCivil(year, 1, 1)) / 7) + 1 };
}

/** `YYYY-Www` of `day`, e.g. `2027-01-01` → `2026-W53`. */
export function isoWeek(day: string): string {
  const { year, week } = isoWeekOfEpochDay(epochDayOf(day));
  return `${formatYear(year)}-W${pad2(week)}`;
}

/** The epoch day of the Monday of ISO week `week` of `year`, or `null` when that year has no such week. */
export function isoWeekMonday(year: number, week: number): number | null {
  // 28 December is always in a year's last week, 4 January always in its first.
  const weeksInYear = isoWeekOfEpochDay(epochDayFromCivil(year, 12, 28)).week;
  if (week < 1 || week > weeksInYear) return null;
  const january4 = epochDayFromCivil(year, 1, 4);
  return january4 - daysSinceMonday(january4) + (week - 1) * 7;
}
