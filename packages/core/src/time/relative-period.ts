/**
 * Relative periods (`today`, `last-month`, …), as Timewarrior and Watson take them: each names the
 * day, ISO week, month or year that holds a given local day, or the one before it. "Today" is the
 * caller's: the local day of "now" in whatever zone the command files days by.
 */
import { addDays } from './calendar.js';
import { isoWeek } from './iso-week.js';
import { monthOf, parsePeriod, type Period } from './period.js';

/** The period, as an absolute `--period` value, that each name gives on `today`. */
const RELATIVE_PERIODS = {
  today: (today: string) => today,
  yesterday: (today: string) => addDays(today, -1),
  'this-week': (today: string) => isoWeek(today),
  'last-week': (today: string) => isoWeek(addDays(today, -7)),
  'this-month': (today: string) => monthOf(today),
  // The day before the 1st is in the month before, January's in December of the year before.
  'last-month': (today: string) => monthOf(addDays(`${monthOf(today)}-01`, -1)),
  'this-year': (today: string) => today.slice(0, 4),
  'last-year': (today: string) => addDays(`${today.slice(0, 4)}-01-01`, -1).slice(0, 4),
} satisfies Record<string, (today: string) => string>;

export type RelativePeriodName = keyof typeof RELATIVE_PERIODS;

/** Every relative period name, in the order the help lists them. */
export const RELATIVE_PERIOD_NAMES = Object.keys(RELATIVE_PERIODS) as RelativePeriodName[];

function isRelativePeriodName(text: string): text is RelativePeriodName {
  return Object.hasOwn(RELATIVE_PERIODS, text);
}

/**
 * The days a `--period` value spans: an absolute period (`parsePeriod`) or a relative one, which
 * asks `today` for the local day it is relative to — only then, since finding it needs the zone.
 * `null` when `text` is neither.
 */
export function resolvePeriod(text: string, today: () => string): Period | null {
  const input = text.trim();
  if (isRelativePeriodName(input)) return parsePeriod(RELATIVE_PERIODS[input](today()));
  return parsePeriod(input);
}
