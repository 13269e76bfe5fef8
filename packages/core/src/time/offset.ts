import { epochDayFromCivil, MS_PER_DAY } from './calendar.js';

/**
 * A zone's UTC offset at an instant, read from the tz database in Node's ICU through
 * `Intl.DateTimeFormat`. Intl is slow (microseconds a call) and reports aggregate a team's
 * year of entries, so each zone keeps one formatter and remembers its offset per UTC hour.
 *
 * The cache rests on one fact of the tz database: an offset changes at most once in any hour
 * (changes are months apart). So an hour whose first and last seconds share an offset has that
 * offset throughout; an hour that contains a change is marked and measured per call.
 */

const MS_PER_HOUR = 3_600_000;
/** About fifteen years of hours per zone; a long-running daemon starts over rather than grow. */
const MAX_CACHED_HOURS = 131_072;
/** Marks an hour in which the offset changes. */
const CHANGING = Number.NaN;

interface ZoneClock {
  formatter: Intl.DateTimeFormat;
  /** Offset in ms per UTC hour since the epoch, or `CHANGING`. */
  hourOffsets: Map<number, number>;
}

const clocks = new Map<string, ZoneClock>();

function clockOf(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    // h23 so that midnight reads 0, not 24; numeric fields in en-US are ASCII digits.
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    clock = { formatter, hourOffsets: new Map() };
    clocks.set(zone, clock);
  }
  return clock;
}

/** Asks ICU. Offsets hold per whole second: ICU reads no milliseconds and zones change on whole seconds. */
function measureOffset(formatter: Intl.DateTimeFormat, instantMs: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatter.formatToParts(instantMs)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  const wallMs = epochDayFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  return wallMs - (instantMs - mod(instantMs, 1000));
}

function hourOffset(clock: ZoneClock, hour: number): number {
  let offset = clock.hourOffsets.get(hour);
  if (offset === undefined) {
    const first = measureOffset(clock.formatter, hour * MS_PER_HOUR);
    const last = measureOffset(clock.formatter, (hour + 1) * MS_PER_HOUR - 1);
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
  return Number.isNaN(offset) ? measureOffset(clock.formatter, instantMs) : offset;
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
    if (measureOffset(clock.formatter, low) !== offset) return low;
    if (measureOffset(clock.formatter, high) === offset) continue;
    let sameSecond = Math.floor(low / 1000);
    let changedSecond = Math.floor(high / 1000);
    while (changedSecond - sameSecond > 1) {
      const middle = Math.floor((sameSecond + changedSecond) / 2);
      if (measureOffset(clock.formatter, middle * 1000) === offset) sameSecond = middle;
      else changedSecond = middle;
    }
    return changedSecond * 1000;
  }
  return undefined;
}

function mod(dividend: number, divisor: number): number {
  return ((dividend % divisor) + divisor) % divisor;
}
