import { isProcessZone, zoneFormatter } from './zone.js';

/**
 * A zone's UTC offset at an instant, read from the tz database in Node's ICU: through one
 * `Intl.DateTimeFormat` per zone (`zone.ts`), or, for the process's own zone (`TZ` names it, as
 * for most developers), through `Date`'s local fields, which answer for `TZ` and need no
 * formatter. FlowForge reads `TZ` and never writes it (a plugin's `new Date().getHours()` in the
 * same process stays in the user's zone). Exact to the second, as ICU is, including the local
 * mean times of zones before standard time (read through the formatter: `Date` gives minutes).
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
  /** UTC: its offset is zero at every instant. */
  utc: boolean;
  /** The process's own zone: `Date` reads it from 1972 on, when every offset is whole minutes. */
  processZone: boolean;
  /** Reads the zone's wall clock; made when first needed (never for UTC). */
  formatter?: Intl.DateTimeFormat;
  /** Offset in ms per UTC hour since the epoch, or `CHANGING`. */
  hourOffsets: Map<number, number>;
}

const clocks = new Map<string, ZoneClock>();

function clockOf(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    const processZone = isProcessZone(zone);
    // Checking another zone makes its formatter, which reads its offsets then.
    const formatter = processZone ? undefined : zoneFormatter(zone);
    if (formatter === undefined && !processZone) throw new RangeError(`Invalid time zone specified: ${zone}`);
    clock = { zone, utc: formatter === null, processZone, ...(formatter ? { formatter } : {}), hourOffsets: new Map() };
    clocks.set(zone, clock);
  }
  return clock;
}

/** Since 1972 every zone's offset is whole minutes; before, local mean times had seconds. */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 0, 1);

/** The six numbers of `M/D/YYYY, HH:MM:SS`, whatever ICU puts between them. */
const NUMBERS = /\d+/g;

/**
 * The zone's wall clock at `instantMs` as wall ms, minus the instant (to the second).
 * `format` and six numbers, not `formatToParts`, which costs three times as much.
 */
function measureOffset(clock: ZoneClock, instantMs: number): number {
  // The process's own zone still answers `TZ` (checked again: a plugin may have changed it).
  if (clock.processZone && instantMs >= WHOLE_MINUTE_OFFSETS_SINCE && process.env.TZ === clock.zone) {
    return -new Date(instantMs).getTimezoneOffset() * 60_000 || 0;
  }
  if (clock.utc) return 0;
  // A valid zone's formatter: the process's own zone was checked against ICU's list of zones.
  const formatter = (clock.formatter ??= zoneFormatter(clock.zone) as Intl.DateTimeFormat);
  const [month = 1, day = 1, year = 0, hour = 0, minute = 0, second = 0] = formatter.format(instantMs).match(NUMBERS)?.map(Number) ?? [];
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
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
  if (clock.utc) return 0;
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
  if (clock.utc) return undefined;
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
