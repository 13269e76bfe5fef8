import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isValidLocalDay } from '../src/time/calendar.js';
import { formatDuration, parseDuration } from '../src/time/duration.js';
import { parseIsoInstant } from '../src/time/instant.js';
import { isoWeek } from '../src/time/iso-week.js';
import { localDay, startOfLocalDay } from '../src/time/local-day.js';
import { localDateTimeToInstant } from '../src/time/local-time.js';
import { currentMs, currentMsOrClock, parseNow } from '../src/time/now.js';
import { type Granularity, monthOf, parsePeriod, periodOf } from '../src/time/period.js';
import { roundSeconds, type RoundingMode } from '../src/time/rounding.js';
import { splitAtLocalMidnight } from '../src/time/split.js';
import { parseTimeInput } from '../src/time/time-input.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BERLIN = 'Europe/Berlin';
/** UTC, a DST zone on each side of the Atlantic, a 30-minute DST, a half-hour offset without DST, and the zone that skipped a day. */
const ZONES = ['UTC', BERLIN, 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Apia'];

const at = (iso: string): number => Date.parse(iso);
const zoneArb = fc.constantFrom(...ZONES);
const instantArb = fc.integer({ min: at('1900-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') });
const dayArb = fc.integer({ min: at('1600-01-01T00:00:00Z') / DAY, max: at('2400-12-31T00:00:00Z') / DAY }).map(utcDayOfEpochDay);

function utcDayOfEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY).toISOString().slice(0, 10);
}

/** The wall clock of `instantMs` in `zone` as `YYYY-MM-DDTHH:MM:SS`, straight from Intl: the oracle the module is checked against. */
function wallClockOf(instantMs: number, zone: string): string {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const part = (type: string): string => formatter.formatToParts(instantMs).find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

function hoursIn(day: string, zone: string): number {
  return (startOfLocalDay(addDays(day, 1), zone) - startOfLocalDay(day, zone)) / HOUR;
}

describe('calendar days', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2000-03-01', -1)).toBe('2000-02-29');
    expect(addDays('1900-03-01', -1)).toBe('1900-02-28');
  });

  it('agrees with Date on any day and offset, and undoes itself', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -100_000, max: 100_000 }), (day, n) => {
        const moved = addDays(day, n);
        expect(moved).toBe(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10));
        expect(addDays(moved, -n)).toBe(day);
      }),
    );
  });

  it('knows real dates from look-alikes', () => {
    for (const day of ['2024-02-29', '2000-02-29', '2026-04-30', '2026-12-31', '0001-01-01']) expect(isValidLocalDay(day)).toBe(true);
    for (const text of ['2023-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '20260101', '2026-01-01T00:00', ''])
      expect(isValidLocalDay(text)).toBe(false);
  });

  it('lists the days between two days, both included', () => {
    expect(daysBetween('2024-02-27', '2024-03-01')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysBetween('2026-05-05', '2026-05-05')).toEqual(['2026-05-05']);
    expect(daysBetween('2026-05-05', '2026-05-04')).toEqual([]);
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 800 }), (from, span) => {
        const days = daysBetween(from, addDays(from, span));
        expect(days).toHaveLength(span + 1);
        days.forEach((day, index) => expect(day).toBe(addDays(from, index)));
      }),
    );
  });

  it('refuses a malformed day instead of misfiling time', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 0.5)).toThrow(RangeError);
    expect(() => daysBetween('2026-1-1', '2026-01-02')).toThrow(RangeError);
    expect(() => startOfLocalDay('tomorrow', BERLIN)).toThrow(RangeError);
  });
});

describe('local days', () => {
  it('files an instant under the local date of the zone', () => {
    expect(localDay(at('2026-03-29T22:30:00Z'), 'UTC')).toBe('2026-03-29');
    expect(localDay(at('2026-03-29T22:30:00Z'), BERLIN)).toBe('2026-03-30');
    expect(localDay(at('2026-03-30T03:59:59Z'), 'America/New_York')).toBe('2026-03-29');
    expect(localDay(at('2026-01-01T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-01-01');
    expect(localDay(at('2026-01-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-01-02');
  });

  it('agrees with Intl for any instant and zone', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instantMs, zone) => {
        expect(localDay(instantMs, zone)).toBe(wallClockOf(instantMs, zone).slice(0, 10));
      }),
      { numRuns: 500 },
    );
  });

  it('makes DST days exactly 23 or 25 hours long', () => {
    expect(hoursIn('2026-03-29', BERLIN)).toBe(23);
    expect(hoursIn('2026-10-25', BERLIN)).toBe(25);
    expect(hoursIn('2026-06-01', BERLIN)).toBe(24);
    expect(hoursIn('2026-03-08', 'America/New_York')).toBe(23);
    expect(hoursIn('2026-11-01', 'America/New_York')).toBe(25);
    expect(hoursIn('2026-10-04', 'Australia/Lord_Howe')).toBe(23.5);
    expect(hoursIn('2026-04-05', 'Australia/Lord_Howe')).toBe(24.5);
    expect(hoursIn('2026-03-29', 'Asia/Kolkata')).toBe(24);
  });

  it('starts a day at local midnight', () => {
    expect(startOfLocalDay('2026-03-29', BERLIN)).toBe(at('2026-03-28T23:00:00Z'));
    expect(startOfLocalDay('2026-10-25', BERLIN)).toBe(at('2026-10-24T22:00:00Z'));
    expect(startOfLocalDay('2026-10-26', BERLIN)).toBe(at('2026-10-25T23:00:00Z'));
    expect(startOfLocalDay('2026-01-01', 'Asia/Kolkata')).toBe(at('2025-12-31T18:30:00Z'));
  });

  it('starts a day at the first instant that exists when clocks skip midnight', () => {
    // Chile and Egypt move clocks from 00:00 straight to 01:00.
    const santiago = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(santiago).toBe(at('2026-09-06T04:00:00Z'));
    expect(wallClockOf(santiago, 'America/Santiago')).toBe('2026-09-06T01:00:00');
    expect(localDay(santiago - 1, 'America/Santiago')).toBe('2026-09-05');
    expect(hoursIn('2026-09-06', 'America/Santiago')).toBe(23);
    const cairo = startOfLocalDay('2026-04-24', 'Africa/Cairo');
    expect(wallClockOf(cairo, 'Africa/Cairo')).toBe('2026-04-24T01:00:00');
    expect(localDay(cairo - 1, 'Africa/Cairo')).toBe('2026-04-23');
  });

  it('starts a day inside a gap that straddles midnight where the gap ends, not where 00:00 would be shifted to', () => {
    // Toronto, 1919-03-30: clocks went from 23:30 straight to 00:30.
    const toronto = 'America/Toronto';
    const start = startOfLocalDay('1919-03-31', toronto);
    expect(start).toBe(at('1919-03-31T04:30:00Z'));
    expect(wallClockOf(start, toronto)).toBe('1919-03-31T00:30:00');
    expect(localDay(start - 1, toronto)).toBe('1919-03-30');
    expect(localDateTimeToInstant('1919-03-31T00:00', toronto)).toBe(at('1919-03-31T05:00:00Z'));
  });

  it('gives a day that a zone skipped no time at all (Samoa, 2011-12-30)', () => {
    const apia = 'Pacific/Apia';
    expect(startOfLocalDay('2011-12-30', apia)).toBe(at('2011-12-30T10:00:00Z'));
    expect(hoursIn('2011-12-30', apia)).toBe(0);
    expect(hoursIn('2011-12-29', apia)).toBe(24);
    expect(localDay(at('2011-12-30T09:59:59Z'), apia)).toBe('2011-12-29');
    expect(localDay(at('2011-12-30T10:00:00Z'), apia)).toBe('2011-12-31');
  });

  it('puts every instant between the start of its local day and the next', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instantMs, zone) => {
        const day = localDay(instantMs, zone);
        const start = startOfLocalDay(day, zone);
        expect(start).toBeLessThanOrEqual(instantMs);
        expect(instantMs).toBeLessThan(startOfLocalDay(addDays(day, 1), zone));
        expect(localDay(start, zone)).toBe(day);
        expect(localDay(start - 1, zone) < day).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitAtLocalMidnight', () => {
  it('splits at each local midnight, counting the 25-hour day in full', () => {
    expect(splitAtLocalMidnight(at('2026-10-24T20:00:00Z'), at('2026-10-26T01:00:00Z'), BERLIN)).toEqual([
      { day: '2026-10-24', startMs: at('2026-10-24T20:00:00Z'), endMs: at('2026-10-24T22:00:00Z'), seconds: 7_200 },
      { day: '2026-10-25', startMs: at('2026-10-24T22:00:00Z'), endMs: at('2026-10-25T23:00:00Z'), seconds: 90_000 },
      { day: '2026-10-26', startMs: at('2026-10-25T23:00:00Z'), endMs: at('2026-10-26T01:00:00Z'), seconds: 7_200 },
    ]);
  });

  it('leaves an entry within one day whole, and an empty entry out', () => {
    expect(splitAtLocalMidnight(at('2026-11-02T08:00:00Z'), at('2026-11-02T09:30:00Z'), BERLIN)).toEqual([
      { day: '2026-11-02', startMs: at('2026-11-02T08:00:00Z'), endMs: at('2026-11-02T09:30:00Z'), seconds: 5_400 },
    ]);
    expect(splitAtLocalMidnight(at('2026-11-02T08:00:00Z'), at('2026-11-02T08:00:00Z'), BERLIN)).toEqual([]);
    expect(() => splitAtLocalMidnight(at('2026-11-02T09:00:00Z'), at('2026-11-02T08:00:00Z'), BERLIN)).toThrow(RangeError);
  });

  it('truncates both instants to the second, so pieces are whole seconds', () => {
    const pieces = splitAtLocalMidnight(at('2026-11-02T22:59:58.700Z'), at('2026-11-02T23:00:01.300Z'), BERLIN);
    expect(pieces).toEqual([
      { day: '2026-11-02', startMs: at('2026-11-02T22:59:58Z'), endMs: at('2026-11-02T23:00:00Z'), seconds: 2 },
      { day: '2026-11-03', startMs: at('2026-11-02T23:00:00Z'), endMs: at('2026-11-02T23:00:01Z'), seconds: 1 },
    ]);
    expect(splitAtLocalMidnight(at('2026-11-02T10:00:00.100Z'), at('2026-11-02T10:00:00.900Z'), BERLIN)).toEqual([]);
  });

  it('skips a day the zone skipped', () => {
    const pieces = splitAtLocalMidnight(at('2011-12-29T22:00:00Z'), at('2011-12-30T22:00:00Z'), 'Pacific/Apia');
    expect(pieces.map(({ day, seconds }) => [day, seconds])).toEqual([
      ['2011-12-29', 12 * 3600],
      ['2011-12-31', 12 * 3600],
    ]);
  });

  it('follows a clock that falls back across midnight (Goose Bay, 1987: 00:01 became 23:01)', () => {
    const change = at('1987-10-25T03:01:00Z');
    const pieces = splitAtLocalMidnight(change - 2 * 60_000, change + 61 * 60_000, 'America/Goose_Bay');
    expect(pieces.map(({ day, seconds }) => [day, seconds])).toEqual([
      ['1987-10-24', 60],
      ['1987-10-25', 60],
      ['1987-10-24', 3_540],
      ['1987-10-25', 120],
    ]);
  });

  const entryArb = fc.record({
    zone: zoneArb,
    startMs: instantArb,
    lengthMs: fc.oneof(fc.integer({ min: 0, max: 12 * HOUR }), fc.integer({ min: 0, max: 6 * DAY })),
  });

  it('conserves seconds and covers the entry with contiguous pieces, each within one local day', () => {
    fc.assert(
      fc.property(entryArb, ({ zone, startMs, lengthMs }) => {
        const endMs = startMs + lengthMs;
        const pieces = splitAtLocalMidnight(startMs, endMs, zone);
        const first = Math.floor(startMs / 1000) * 1000;
        const last = Math.floor(endMs / 1000) * 1000;
        expect(pieces.reduce((sum, piece) => sum + piece.seconds, 0)).toBe((last - first) / 1000);
        expect(pieces[0]?.startMs ?? last).toBe(first);
        expect(pieces.at(-1)?.endMs ?? first).toBe(last);
        pieces.forEach((piece, index) => {
          expect(Number.isInteger(piece.seconds) && piece.seconds > 0).toBe(true);
          expect(piece.seconds).toBe((piece.endMs - piece.startMs) / 1000);
          expect(localDay(piece.startMs, zone)).toBe(piece.day);
          expect(localDay(piece.endMs - 1, zone)).toBe(piece.day);
          expect(piece.startMs).toBeGreaterThanOrEqual(startOfLocalDay(piece.day, zone));
          expect(piece.endMs).toBeLessThanOrEqual(startOfLocalDay(addDays(piece.day, 1), zone));
          const next = pieces[index + 1];
          if (next) {
            expect(next.startMs).toBe(piece.endMs);
            expect(next.day > piece.day).toBe(true);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('adds up back-to-back entries with fractional milliseconds to the stretch they cover', () => {
    const secondsOf = (startMs: number, endMs: number, zone: string): number =>
      splitAtLocalMidnight(startMs, endMs, zone).reduce((sum, piece) => sum + piece.seconds, 0);
    fc.assert(
      fc.property(zoneArb, instantArb, fc.integer({ min: 0, max: 2 * DAY }), fc.integer({ min: 0, max: 2 * DAY }), (zone, a, ab, bc) => {
        expect(secondsOf(a, a + ab, zone) + secondsOf(a + ab, a + ab + bc, zone)).toBe(secondsOf(a, a + ab + bc, zone));
      }),
    );
  });
});

describe('localDateTimeToInstant', () => {
  it('counts 7 hours from 00:00 to 06:00 on the night Berlin falls back', () => {
    const midnight = localDateTimeToInstant('2026-10-25T00:00', BERLIN);
    const six = localDateTimeToInstant('2026-10-25T06:00', BERLIN);
    expect(midnight).toBe(at('2026-10-24T22:00:00Z'));
    expect(six! - midnight!).toBe(7 * HOUR);
  });

  it('moves a skipped time forward by the length of the gap', () => {
    expect(localDateTimeToInstant('2026-03-29T02:30', BERLIN)).toBe(at('2026-03-29T01:30:00Z'));
    expect(localDateTimeToInstant('2026-03-29T03:30', BERLIN)).toBe(at('2026-03-29T01:30:00Z'));
    expect(localDateTimeToInstant('2026-03-08T02:30', 'America/New_York')).toBe(at('2026-03-08T07:30:00Z'));
    expect(localDateTimeToInstant('2026-10-04T02:15', 'Australia/Lord_Howe')).toBe(at('2026-10-03T15:45:00Z'));
    expect(localDateTimeToInstant('2011-12-30T12:00', 'Pacific/Apia')).toBe(at('2011-12-30T22:00:00Z'));
  });

  it('takes the earlier of two instants when a time repeats', () => {
    expect(localDateTimeToInstant('2026-10-25T02:30', BERLIN)).toBe(at('2026-10-25T00:30:00Z'));
    expect(localDateTimeToInstant('2026-10-25T03:00', BERLIN)).toBe(at('2026-10-25T02:00:00Z'));
    expect(localDateTimeToInstant('2026-11-01T01:30', 'America/New_York')).toBe(at('2026-11-01T05:30:00Z'));
    expect(localDateTimeToInstant('2026-04-05T01:45', 'Australia/Lord_Howe')).toBe(at('2026-04-04T14:45:00Z'));
  });

  it('reads seconds, and refuses what is not a local date-time', () => {
    expect(localDateTimeToInstant('2026-01-01T10:00:30', BERLIN)).toBe(at('2026-01-01T09:00:30Z'));
    for (const text of ['2026-02-30T10:00', '2026-01-01T24:00', '2026-01-01T10:60', '2026-01-01T10:00:60', '2026-01-01 10:00', '2026-01-01T10:00Z', '2026-01-01', '10:00', ''])
      expect(localDateTimeToInstant(text, BERLIN)).toBeNull();
  });

  it('finds the earliest instant that shows the wall time of any instant', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instantMs, zone) => {
        const wholeSecond = Math.floor(instantMs / 1000) * 1000;
        const wall = wallClockOf(wholeSecond, zone);
        const resolved = localDateTimeToInstant(wall, zone)!;
        expect(wallClockOf(resolved, zone)).toBe(wall);
        expect(resolved).toBeLessThanOrEqual(wholeSecond);
        // Only a repeated hour has an earlier instant with the same reading.
        if (resolved < wholeSecond) expect(wholeSecond - resolved).toBeLessThanOrEqual(2 * HOUR);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseIsoInstant', () => {
  it('reads Z and offsets, with or without a colon, seconds and fractions', () => {
    const expected = at('2026-11-02T08:00:00Z');
    for (const text of ['2026-11-02T08:00:00Z', '2026-11-02T08:00Z', '2026-11-02T09:00:00+01:00', '2026-11-02T03:00-0500', '2026-11-02T13:30+05:30'])
      expect(parseIsoInstant(text)).toBe(expected);
    expect(parseIsoInstant('2026-11-02T08:00:00.123Z')).toBe(expected + 123);
    expect(parseIsoInstant('2026-11-02T08:00:00.5Z')).toBe(expected + 500);
    expect(parseIsoInstant('2026-11-02T08:00:00.123999999Z')).toBe(expected + 123);
  });

  it('refuses text without a designator or with impossible fields', () => {
    for (const text of ['2026-11-02T08:00:00', '2026-11-02', '2026-11-02T08:00:00+24:00', '2026-11-02T08:00:00+01:60', '2026-02-30T08:00Z', '2026-11-02 08:00Z', '1700000000000', 'now', ''])
      expect(parseIsoInstant(text)).toBeNull();
  });

  it('reads back whatever Date.toISOString writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('0001-01-01T00:00:00Z'), max: at('9999-12-31T23:59:59Z') }), (instantMs) => {
        expect(parseIsoInstant(new Date(instantMs).toISOString())).toBe(instantMs);
      }),
    );
  });
});

describe('parseTimeInput', () => {
  const late = { nowMs: at('2026-03-29T21:30:00Z'), zone: BERLIN }; // 23:30 CEST on the 29th
  const afterMidnight = { nowMs: at('2026-03-29T22:30:00Z'), zone: BERLIN }; // 00:30 CEST on the 30th

  it('reads HH:MM on the local day of now, not the UTC day', () => {
    expect(parseTimeInput('08:15', late)).toBe(at('2026-03-29T06:15:00Z'));
    expect(parseTimeInput('08:15', afterMidnight)).toBe(at('2026-03-30T06:15:00Z'));
    expect(parseTimeInput(' 08:15:30 ', late)).toBe(at('2026-03-29T06:15:30Z'));
    expect(parseTimeInput('08:15', { nowMs: late.nowMs, zone: 'UTC' })).toBe(at('2026-03-29T08:15:00Z'));
  });

  it('reads local date-times under the DST policy and instants as they are', () => {
    expect(parseTimeInput('2026-10-25T02:30', late)).toBe(at('2026-10-25T00:30:00Z'));
    expect(parseTimeInput('2026-03-29T02:30', late)).toBe(at('2026-03-29T01:30:00Z'));
    expect(parseTimeInput('2026-11-02T08:00:00Z', late)).toBe(at('2026-11-02T08:00:00Z'));
    expect(parseTimeInput('2026-11-02T08:00:00-05:00', late)).toBe(at('2026-11-02T13:00:00Z'));
  });

  it('returns null for anything else, without throwing', () => {
    for (const text of ['', 'now', '25:00', '12:60', '8h15', '10:00 PM', '2026-13-01T10:00', '2026-11-02', '2026-11-02T08:00:00+99:00', '1700000000'])
      expect(parseTimeInput(text, late)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseTimeInput(text, late);
        expect(parsed === null || Number.isInteger(parsed)).toBe(true);
      }),
    );
  });
});

describe('parseNow', () => {
  it('uses the real clock when FLOWFORGE_NOW is unset or empty', () => {
    for (const value of [undefined, '', '  ']) {
      const before = Date.now();
      const now = parseNow(value);
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Date.now());
    }
  });

  it('pins now to an ISO instant', () => {
    expect(parseNow('2026-11-02T08:00:00Z')).toBe(at('2026-11-02T08:00:00Z'));
    expect(parseNow('2026-11-02T09:00:00+01:00\n')).toBe(at('2026-11-02T08:00:00Z'));
  });

  it('returns null for garbage, so the caller can exit 2', () => {
    for (const value of ['now', 'yesterday', '2026-11-02T08:00', '2026-11-02', '1700000000000', '2026-11-31T00:00:00Z'])
      expect(parseNow(value)).toBeNull();
  });
});

describe('the clock: currentMs and currentMsOrClock', () => {
  it('read FLOWFORGE_NOW, else the real clock', () => {
    expect(currentMs({ FLOWFORGE_NOW: '2026-11-02T09:00:00+01:00' })).toBe(at('2026-11-02T08:00:00Z'));
    expect(currentMsOrClock({ FLOWFORGE_NOW: '2026-11-02T08:00:00Z' })).toBe(at('2026-11-02T08:00:00Z'));
    for (const env of [{}, { FLOWFORGE_NOW: '' }]) {
      const before = Date.now();
      for (const now of [currentMs(env), currentMsOrClock(env)]) {
        expect(now).toBeGreaterThanOrEqual(before);
        expect(now).toBeLessThanOrEqual(Date.now());
      }
    }
  });

  it('on a bad value: currentMs stops with FF_BAD_NOW naming it, currentMsOrClock goes on with the clock', () => {
    expect(() => currentMs({ FLOWFORGE_NOW: 'yesterday' })).toThrow(expect.objectContaining({ code: 'FF_BAD_NOW', message: expect.stringContaining('FLOWFORGE_NOW="yesterday"') }));
    const before = Date.now();
    expect(currentMsOrClock({ FLOWFORGE_NOW: 'yesterday' })).toBeGreaterThanOrEqual(before);
  });

  it('are the only readers of FLOWFORGE_NOW in FlowForge’s sources', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const sources = ['packages', 'plugins'].flatMap((top) =>
      readdirSync(join(root, top)).flatMap((name) => {
        const src = join(root, top, name, 'src');
        return existsSync(src) ? (readdirSync(src, { recursive: true, encoding: 'utf8' }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(src, file)) : [];
      }),
    );
    expect(sources.length).toBeGreaterThan(50);
    const readers = sources.filter((file) => /env\s*(\.\s*FLOWFORGE_NOW|\[\s*['"`]FLOWFORGE_NOW)/.test(readFileSync(file, 'utf8')));
    expect(readers.map((file) => relative(root, file))).toEqual([join('packages', 'core', 'src', 'time', 'now.ts')]);
  });
});

describe('ISO weeks and periods', () => {
  it('numbers weeks at the turn of the year as ISO 8601 does', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2027-01-03')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2020-12-31')).toBe('2020-W53');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2026-06-15')).toBe('2026-W25');
  });

  it('parses each form of period into the days it spans', () => {
    expect(parsePeriod('2026')).toEqual({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2024-02')).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriod('2026-11')).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(parsePeriod('2020-W53')).toEqual({ kind: 'week', from: '2020-12-28', to: '2021-01-03' });
    expect(parsePeriod('2026-W53')).toEqual({ kind: 'week', from: '2026-12-28', to: '2027-01-03' });
    expect(parsePeriod('2025-W01')).toEqual({ kind: 'week', from: '2024-12-30', to: '2025-01-05' });
    expect(parsePeriod('2024-02-29')).toEqual({ kind: 'day', from: '2024-02-29', to: '2024-02-29' });
  });

  it('refuses periods that do not exist', () => {
    for (const text of ['2021-W53', '2026-W54', '2026-W00', '2026-13', '2026-00', '2023-02-29', '2026-w05', '2026-W5', '2026-3', '26', 'W53', 'last-month', ''])
      expect(parsePeriod(text)).toBeNull();
  });

  it('accepts week 53 exactly in years that start on a Thursday, or on a Wednesday in a leap year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1600, max: 2400 }), (year) => {
        const januaryFirst = new Date(Date.UTC(2000, 0, 1));
        januaryFirst.setUTCFullYear(year);
        const weekday = januaryFirst.getUTCDay();
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        const hasWeek53 = weekday === 4 || (leap && weekday === 3);
        expect(parsePeriod(`${year}-W53`) !== null).toBe(hasWeek53);
      }),
    );
  });

  it('files every day in a Monday-to-Sunday week whose Thursday is in the ISO year', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        const week = parsePeriod(isoWeek(day))!;
        expect(week.kind).toBe('week');
        expect(new Date(`${week.from}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(addDays(week.from, 6)).toBe(week.to);
        expect(week.from <= day && day <= week.to).toBe(true);
        expect(addDays(week.from, 3).slice(0, 4)).toBe(isoWeek(day).slice(0, 4));
      }),
    );
  });

  it('round-trips a day through its period key and back', () => {
    const granularityArb = fc.constantFrom<Granularity>('day', 'week', 'month');
    fc.assert(
      fc.property(dayArb, granularityArb, (day, granularity) => {
        const key = periodOf(day, granularity);
        const period = parsePeriod(key)!;
        expect(period.kind).toBe(granularity);
        expect(period.from <= day && day <= period.to).toBe(true);
        expect(periodOf(period.from, granularity)).toBe(key);
        expect(periodOf(period.to, granularity)).toBe(key);
        expect(periodOf(addDays(period.from, -1), granularity)).not.toBe(key);
        expect(periodOf(addDays(period.to, 1), granularity)).not.toBe(key);
        const year = parsePeriod(day.slice(0, 4))!;
        expect(daysBetween(year.from, year.to)).toContain(day);
      }),
    );
  });

  it('spans 7 days a week, 28 to 31 a month and 365 or 366 a year', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        const lengthOf = (key: string): number => {
          const period = parsePeriod(key)!;
          return daysBetween(period.from, period.to).length;
        };
        expect(lengthOf(isoWeek(day))).toBe(7);
        expect(lengthOf(monthOf(day))).toBeGreaterThanOrEqual(28);
        expect(lengthOf(monthOf(day))).toBeLessThanOrEqual(31);
        expect([365, 366]).toContain(lengthOf(day.slice(0, 4)));
      }),
    );
  });

  it('keys months and days, and refuses a malformed day', () => {
    expect(monthOf('2026-12-31')).toBe('2026-12');
    expect(periodOf('2026-12-31', 'month')).toBe('2026-12');
    expect(periodOf('2026-12-31', 'day')).toBe('2026-12-31');
    expect(periodOf('2027-01-01', 'week')).toBe('2026-W53');
    expect(() => periodOf('2026-12-32', 'day')).toThrow(RangeError);
    expect(() => monthOf('2026-12')).toThrow(RangeError);
  });
});

describe('durations', () => {
  it('reads what people type and writes the shortest form', () => {
    expect(parseDuration('1h30m')).toBe(5_400);
    expect(parseDuration('90m')).toBe(5_400);
    expect(parseDuration('1.5h')).toBe(5_400);
    expect(parseDuration('2h 15m')).toBe(8_100);
    expect(parseDuration('45s')).toBe(45);
    expect(formatDuration(5_400)).toBe('1h30m');
    expect(formatDuration(3_661)).toBe('1h1m1s');
    expect(formatDuration(0)).toBe('0m');
    for (const text of ['90', '', 'h', '1x', '-1h', '1h-30m']) expect(parseDuration(text)).toBeNull();
  });

  it('round-trips any whole number of seconds', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds))).toBe(seconds);
      }),
    );
  });
});

describe('roundSeconds', () => {
  const modeArb = fc.constantFrom<RoundingMode>('up', 'nearest', 'down');

  it('rounds to the increment in each mode, halves up', () => {
    expect([roundSeconds(1, 900, 'up'), roundSeconds(1, 900, 'nearest'), roundSeconds(1, 900, 'down')]).toEqual([900, 0, 0]);
    expect([roundSeconds(449, 900, 'nearest'), roundSeconds(450, 900, 'nearest'), roundSeconds(451, 900, 'nearest')]).toEqual([0, 900, 900]);
    expect([roundSeconds(1_800, 900, 'up'), roundSeconds(1_800, 900, 'nearest'), roundSeconds(1_800, 900, 'down')]).toEqual([1_800, 1_800, 1_800]);
    expect(roundSeconds(0, 900, 'up')).toBe(0);
    expect(roundSeconds(5_401, 360, 'up')).toBe(5_760);
  });

  it('refuses an increment that is not a positive number', () => {
    for (const increment of [0, -900, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => roundSeconds(60, increment, 'up')).toThrow(RangeError);
  });

  it('keeps the rounding invariants for any seconds and increment', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000_000 }), fc.integer({ min: 1, max: 86_400 }), modeArb, (seconds, increment, mode) => {
        const rounded = roundSeconds(seconds, increment, mode);
        expect(rounded % increment).toBe(0);
        if (mode === 'up') expect(rounded >= seconds && rounded - seconds < increment).toBe(true);
        if (mode === 'down') expect(rounded <= seconds && seconds - rounded < increment).toBe(true);
        if (mode === 'nearest') expect(Math.abs(rounded - seconds)).toBeLessThanOrEqual(increment / 2);
        expect(roundSeconds(rounded, increment, mode)).toBe(rounded);
      }),
      { numRuns: 500 },
    );
  });

  it('rounds an exact half up and never moves past a larger input', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.integer({ min: 1, max: 43_200 }), (multiple, half) => {
        expect(roundSeconds(multiple * 2 * half + half, 2 * half, 'nearest')).toBe((multiple + 1) * 2 * half);
      }),
    );
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000 }), fc.integer({ min: 1, max: 86_400 }), modeArb, (x, step, increment, mode) => {
        expect(roundSeconds(x, increment, mode)).toBeLessThanOrEqual(roundSeconds(x + step, increment, mode));
      }),
    );
  });
});
