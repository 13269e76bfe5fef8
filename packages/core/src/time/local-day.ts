/**
 * Local days (docs/tracking.md): which calendar day an instant belongs to in the user's zone, and when
 * that day starts. Days are as long as the zone makes them: in Europe/Berlin 2026-03-29 has
 * 23 hours and 2026-10-25 has 25.
 */
import { epochDayOf, formatEpochDay, MS_PER_DAY } from './calendar.js';
import { instantAtWallTime } from './local-time.js';
import { zoneOffsetMs } from './offset.js';

/** Days since 1970-01-01 of the local date at `instantMs` in `zone`. */
export function localEpochDay(instantMs: number, zone: string): number {
  return Math.floor((instantMs + zoneOffsetMs(instantMs, zone)) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of the local date at `instantMs` in `zone`. */
export function localDay(instantMs: number, zone: string): string {
  return formatEpochDay(localEpochDay(instantMs, zone));
}

/**
 * The first instant of `day` in `zone`. Where a DST change skips midnight the day starts when
 * the clocks jump: at 01:00 in America/Santiago or Africa/Cairo, at 00:30 in Toronto on
 * 1919-03-31 (23:30 → 00:30), which is why this is not local 00:00 under the shift-forward
 * policy (that would give 01:00). Where a zone skipped a whole day (Pacific/Apia, 2011-12-30)
 * that day starts and ends at the same instant, and has no time in it.
 */
export function startOfLocalDay(day: string, zone: string): number {
  return instantAtWallTime(epochDayOf(day) * MS_PER_DAY, zone, 'first-instant-after');
}
