import { readlinkSync } from 'node:fs';

/**
 * Time zones as ICU, inside Node, knows them: a zone is valid exactly when `Intl.DateTimeFormat`
 * accepts it (as ICU does, case-insensitively: `europe/berlin` is `Europe/Berlin`), and its wall
 * clock is read through a formatter for it, made once per zone name and kept: validating a zone
 * makes the formatter its offsets are then read with (`offset.ts`). A zone keeps the spelling it
 * was given: ICU's canonical names are CLDR's older ones (`Asia/Kolkata` reads `Asia/Calcutta`).
 *
 * The first formatter of a process costs ICU's locale set-up (see bench/README.md). UTC needs
 * no formatter: its offset is zero at every instant by definition, so its spellings that
 * processes most often carry (`TZ=UTC`, and `/etc/localtime` in containers) skip ICU.
 */

/** Zone names that are UTC itself, as ICU reads them too (a unit test checks both). */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC']);

const UNKNOWN = Symbol('unknown zone');
/** The formatter for each zone name asked about, or `UNKNOWN` when ICU does not know the name. */
const formatters = new Map<string, Intl.DateTimeFormat | typeof UNKNOWN>();

/**
 * The formatter that reads `zone`'s wall clock (`M/D/YYYY, HH:MM:SS`, ASCII digits, midnight as
 * 00), `null` for UTC, or `undefined` when `zone` is no time zone ICU knows.
 */
export function zoneFormatter(zone: string): Intl.DateTimeFormat | null | undefined {
  if (UTC_NAMES.has(zone)) return null;
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = makeFormatter(zone);
    formatters.set(zone, formatter);
  }
  return formatter === UNKNOWN ? undefined : formatter;
}

function makeFormatter(zone: string): Intl.DateTimeFormat | typeof UNKNOWN {
  try {
    // h23 so that midnight reads 00, not 24; numeric fields in en-US are ASCII digits.
    const fields = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
    return new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', ...fields });
  } catch {
    return UNKNOWN; // a RangeError: ICU knows no such zone
  }
}

/** True when `zone` is a time zone name this Node.js build's ICU knows, aliases such as `UTC` included. */
export function isValidTimeZone(zone: string): boolean {
  return isProcessZone(zone) || zoneFormatter(zone) !== undefined;
}

let canonicalZones: ReadonlySet<string> | undefined;

/**
 * `zone` is the process's own zone: `TZ` names it, exactly as one of ICU's canonical zones. Then
 * `Date`'s local fields already read it (Node follows `TZ`; FlowForge never writes it), and its
 * offsets need no formatter, whose first use in a process sets up ICU's locale data (see
 * bench/README.md) — the common case of a developer whose `TZ` is their zone. ICU's list of
 * zones is read once; an alias or another spelling goes the formatter's way.
 */
export function isProcessZone(zone: string): boolean {
  // UTC needs neither a formatter nor `Date` (`zoneFormatter`), nor ICU's list of zones.
  if (process.env.TZ !== zone || UTC_NAMES.has(zone)) return false;
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return canonicalZones.has(zone);
}

/**
 * The machine's own zone: the target of `/etc/localtime` where it names one ICU knows (Linux,
 * macOS), else what ICU says.
 */
export function systemTimeZone(): string {
  try {
    const target = readlinkSync('/etc/localtime');
    const zone = target.split('/zoneinfo/')[1];
    if (zone && isValidTimeZone(zone)) return zone;
  } catch {
    // not a link, or no such file: ask ICU
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
