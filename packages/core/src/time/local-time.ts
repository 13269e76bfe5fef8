/**
 * Local wall-clock times (`2026-03-29T02:30`) and the instants they name in a zone.
 *
 * A wall time names one instant, none (skipped when clocks spring forward) or two (repeated
 * when they fall back). FlowForge's policy is Temporal's `'compatible'`, which is also what
 * RFC 5545 calendars and `Date` do, so a time typed in FlowForge lands where other tools put it:
 * - skipped: move forward by the length of the gap. In Europe/Berlin on 2026-03-29 clocks jump
 *   from 02:00 to 03:00, so 02:30 means 03:30 CEST (01:30Z).
 * - repeated: the earlier instant. On 2026-10-25 02:00–03:00 happens twice, and 02:30 means
 *   02:30 CEST (00:30Z), not 02:30 CET.
 * Local days start differently (see `startOfLocalDay`): at the first instant that exists.
 *
 * Wall times are carried as "wall ms": the epoch ms at which a UTC clock would show the same reading.
 */
import { MS_PER_DAY, parseEpochDay } from './calendar.js';
import { nextOffsetChange, zoneOffsetMs } from './offset.js';

const CLOCK_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** What to do with a wall time that a spring-forward gap skips. */
export type SkippedWallTime = 'shift-forward' | 'first-instant-after';

/**
 * Milliseconds since midnight of `HH:MM[:SS[.fff]]` (24-hour clock; `24:00` and leap seconds
 * refused), or `null`. Digits after milliseconds are dropped.
 */
export function parseClockTime(text: string): number | null {
  const match = CLOCK_TIME.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const milliseconds = Number((match[4] ?? '').slice(0, 3).padEnd(3, '0'));
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
}

/** Wall ms of `YYYY-MM-DDTHH:MM[:SS[.fff]]` (no zone designator), or `null`. */
export function parseWallTime(text: string): number | null {
  if (text[10] !== 'T') return null;
  const epochDay = parseEpochDay(text.slice(0, 10));
  const clockMs = parseClockTime(text.slice(11));
  return epochDay === null || clockMs === null ? null : epochDay * MS_PER_DAY + clockMs;
}

/**
 * The earliest instant at which `zone`'s clock reads `wallMs`. When no instant does (a gap),
 * `'shift-forward'` gives the module's policy and `'first-instant-after'` the instant the gap ends.
 *
 * It walks forward from a day earlier (no zone is a day away from UTC, so the clock reads less
 * then), one offset change at a time: under the offset in force, the clock would read `wallMs`
 * at `wallMs - offset`; if the offset changes first, either the change jumps past `wallMs`
 * (a gap) or the walk goes on under the new offset (which also finds the first of two readings).
 */
export function instantAtWallTime(wallMs: number, zone: string, whenSkipped: SkippedWallTime): number {
  let fromMs = wallMs - MS_PER_DAY;
  for (;;) {
    const reading = wallMs - zoneOffsetMs(fromMs, zone);
    const change = nextOffsetChange(fromMs, reading, zone);
    if (change === undefined) return reading;
    if (change + zoneOffsetMs(change, zone) > wallMs) return whenSkipped === 'shift-forward' ? reading : change;
    fromMs = change;
  }
}

/**
 * The instant of a local `YYYY-MM-DDTHH:MM[:SS]` in `zone`, under the module's DST policy;
 * `null` when the text is not such a date-time (`2026-02-30T10:00`, `2026-01-01T24:00`).
 */
export function localDateTimeToInstant(text: string, zone: string): number | null {
  const wallMs = parseWallTime(text);
  return wallMs === null ? null : instantAtWallTime(wallMs, zone, 'shift-forward');
}
