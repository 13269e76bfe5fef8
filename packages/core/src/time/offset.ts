import { isValidTimeZone } from './zone.js';

/**
 * A zone's UTC offset at an instant, read from the tz database in Node's ICU through `Date`.
 * `Date` answers for the zone in `process.env.TZ`, which Node lets a program change at run time;
 * this is ~300 times cheaper to start than `Intl.DateTimeFormat`, whose first use loads ICU's
 * locale data (~40 ms, more than a whole `flowforge status`). The process therefore works in the
 * user's zone: FlowForge sets `TZ` to the zone it computes in, which also makes `Date`'s local
 * fields agree with it. Offsets come in whole minutes, which every zone has used since 1972.
 *
 * Each zone remembers its offset per UTC hour, on one fact of the tz database: an offset changes
 * at most once in any hour (changes are months apart). So an hour whose first and last seconds
 * share an offset has that offset throughout; an hour that contains a change is marked and
 * measured per call.
 */

const MS_PER_HOUR = 3_600_000;
/** About fifteen years of hours per zone; a long-running daemon starts over rather than grow. */
const MAX_CACHED_HOURS = 131_072;
/** Marks an hour in which the offset changes. */
const CHANGING = Number.NaN;

interface ZoneClock {
  zone: string;
  /** Offset in ms per UTC hour since the epoch, or `CHANGING`. */
  hourOffsets: Map<number, number>;
}

const clocks = new Map<string, ZoneClock>();

function clockOf(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    if (!isValidTimeZone(zone)) throw new RangeError(`Invalid time zone specified: ${zone}`);
    clock = { zone, hourOffsets: new Map() };
    clocks.set(zone, clock);
  }
  return clock;
}

/** Since 1972 every zone's offset is whole minutes; before, local mean times had seconds. */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 0, 1);

function measureOffset(clock: ZoneClock, instantMs: number): number {
  if (instantMs < WHOLE_MINUTE_OFFSETS_SINCE) return measureOffsetWithIntl(clock.zone, instantMs);
  if (process.env.TZ !== clock.zone) process.env.TZ = clock.zone;
  return -new Date(instantMs).getTimezoneOffset() * 60_000 || 0;
}

const historicFormatters = new Map<string, Intl.DateTimeFormat>();

/** Exact to the second, for the rare instant before 1972 (history, tests): ICU's own reading. */
function measureOffsetWithIntl(zone: string, instantMs: number): number {
  let formatter = historicFormatters.get(zone);
  if (!formatter) {
    // h23 so that midnight reads 0, not 24; numeric fields in en-US are ASCII digits.
    const fields = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', ...fields });
    historicFormatters.set(zone, formatter);
  }
  const part = Object.fromEntries(formatter.formatToParts(instantMs).map(({ type, value }) => [type, Number(value)]));
  const wallMs = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0);
  return wallMs - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

function hourOffset(clock: ZoneClock, hour: number): number {
  let offset = clock.hourOffsets.get(hour);
  if (offset === undefined) {
    const first = measureOffset(clock, hour * MS_PER_HOUR);
    const last = measureOffset(clock, (hour + 1) * MS_PER_HOUR - 1);
    offset = first === last ? first : CHANGING;
    if (clock.hourOffsets.size >= MAX_CACHED_HOURS) clock.hourOffsets.clear();
    clock.hourOffsets.set(hour, offset);
  }
  return offset;
}

/**
 * Milliseconds to add to `instantMs` to read `zone`'s wall clock (Berlin in summer: 7_200_000).
 * Throws a RangeError for a zone Intl does not know.
 */
export function zoneOffsetMs(instantMs: number, zone: string): number {
  const clock = clockOf(zone);
  const offset = hourOffset(clock, Math.floor(instantMs / MS_PER_HOUR));
  return Number.isNaN(offset) ? measureOffset(clock, instantMs) : offset;
}

/**
 * The first instant in (`fromMs`, `toMs`] at which `zone`'s offset differs from its offset at
 * `fromMs`, or `undefined` when it holds throughout. Walks cached hours; only an hour that
 * holds a change is searched, by halving down to the second.
 */
export function nextOffsetChange(fromMs: number, toMs: number, zone: string): number | undefined {
  const clock = clockOf(zone);
  const offset = zoneOffsetMs(fromMs, zone);
  const lastHour = Math.floor(toMs / MS_PER_HOUR);
  for (let hour = Math.floor(fromMs / MS_PER_HOUR); hour <= lastHour; hour++) {
    if (hourOffset(clock, hour) === offset) continue;
    const low = Math.max(fromMs, hour * MS_PER_HOUR);
    const high = Math.min(toMs, (hour + 1) * MS_PER_HOUR - 1);
    // The offset at fromMs is `offset`, so a different one at `low` means a change right at the hour.
    if (measureOffset(clock, low) !== offset) return low;
    if (measureOffset(clock, high) === offset) continue;
    let sameSecond = Math.floor(low / 1000);
    let changedSecond = Math.floor(high / 1000);
    while (changedSecond - sameSecond > 1) {
      const middle = Math.floor((sameSecond + changedSecond) / 2);
      if (measureOffset(clock, middle * 1000) === offset) sameSecond = middle;
      else changedSecond = middle;
    }
    return changedSecond * 1000;
  }
  return undefined;
}
