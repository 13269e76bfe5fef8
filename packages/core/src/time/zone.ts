import { existsSync, readlinkSync } from 'node:fs';

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const ZONEINFO = '/usr/share/zoneinfo';
const known = new Map<string, boolean>();

/**
 * True when `zone` is an IANA time zone name this Node.js build knows (aliases such as `UTC`
 * included). The system's tz database answers first, because asking ICU through
 * `Intl.DateTimeFormat` costs ~40 ms on a process's first use; ICU decides when it is absent.
 */
export function isValidTimeZone(zone: string): boolean {
  let valid = known.get(zone);
  if (valid === undefined) {
    valid = ZONE_NAME.test(zone) && (existsSync(`${ZONEINFO}/${zone}`) || askIcu(zone));
    known.set(zone, valid);
  }
  return valid;
}

function askIcu(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The machine's own zone: the target of `/etc/localtime` where it names one (Linux, macOS),
 * else what ICU says.
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
