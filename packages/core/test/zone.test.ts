import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { localDay, startOfLocalDay } from '../src/time/local-day.js';
import { localDateTimeToInstant } from '../src/time/local-time.js';
import { nextOffsetChange, zoneOffsetMs } from '../src/time/offset.js';
import { splitAtLocalMidnight } from '../src/time/split.js';
import { isProcessZone, isValidTimeZone, systemTimeZone } from '../src/time/zone.js';

const at = (iso: string): number => Date.parse(iso);

/** What ICU itself says: the oracle. */
function intlAccepts(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every name in the system's tz database folder (when there is one), files and folders alike. */
function zoneinfoNames(root = '/usr/share/zoneinfo', prefix = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, prefix));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = prefix ? `${prefix}/${name}` : name;
    const isDir = statSync(join(root, path), { throwIfNoEntry: false })?.isDirectory() ?? false;
    return isDir ? [path, ...zoneinfoNames(root, path)] : [path];
  });
}

describe('time zone names', () => {
  const GARBAGE = ['', ' ', 'Mars/Olympus', 'Europe/Atlantis', ' UTC', 'UTC ', 'Europe/Berlin ', 'Europe', 'America', 'posixrules', 'posix/Europe/Berlin', 'right/UTC'];
  const GARBAGE_TOO = ['localtime', 'Factory', 'leapseconds', 'zone.tab', '../etc/passwd', 'Europe/../Europe/Berlin', 'GMT+1', '+01:00', 'Europe//Berlin', 'null'];

  it('are valid exactly when Intl.DateTimeFormat accepts them', () => {
    const names = [
      ...Intl.supportedValuesOf('timeZone'),
      ...Intl.supportedValuesOf('timeZone').flatMap((zone) => [zone.toLowerCase(), zone.toUpperCase()]),
      ...['UTC', 'Etc/UTC', 'utc', 'etc/utc', 'GMT', 'Etc/GMT+1', 'EST5EDT', 'US/Pacific', 'Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires'],
      ...GARBAGE,
      ...GARBAGE_TOO,
      ...zoneinfoNames(),
    ];
    const disagree = names.filter((zone) => isValidTimeZone(zone) !== intlAccepts(zone));
    expect(disagree).toEqual([]);
    fc.assert(fc.property(fc.string({ maxLength: 24 }), (zone) => isValidTimeZone(zone) === intlAccepts(zone)));
  });

  it('accept any case, as ICU does, and read the same clock for it', () => {
    for (const zone of ['europe/berlin', 'EUROPE/BERLIN', 'Europe/berlin']) {
      expect(isValidTimeZone(zone)).toBe(true);
      expect(zoneOffsetMs(at('2026-07-01T00:00:00Z'), zone)).toBe(2 * 3_600_000);
      expect(localDay(at('2026-03-29T22:30:00Z'), zone)).toBe('2026-03-30');
    }
  });

  it('refuse garbage: not valid, and no offset for it', () => {
    for (const zone of [...GARBAGE, ...GARBAGE_TOO]) {
      expect(isValidTimeZone(zone), zone).toBe(false);
      expect(() => zoneOffsetMs(0, zone), zone).toThrow(RangeError);
    }
  });

  it('UTC, which needs no ICU, is what ICU says it is', () => {
    for (const zone of ['UTC', 'Etc/UTC']) {
      expect(new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone).toBe('UTC');
      expect(isValidTimeZone(zone)).toBe(true);
      expect(zoneOffsetMs(at('2026-07-01T00:00:00Z'), zone)).toBe(0);
      expect(nextOffsetChange(at('1970-01-01T00:00:00Z'), at('2100-01-01T00:00:00Z'), zone)).toBeUndefined();
    }
  });

  it('the machine zone is one ICU knows', () => {
    expect(isValidTimeZone(systemTimeZone())).toBe(true);
  });
});

describe('offsets', () => {
  const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca', 'Europe/Dublin'];

  it('agree with ICU to the second for any instant and zone, before standard time too', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('1850-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') }), fc.constantFrom(...ZONES), (instantMs, zone) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
            .formatToParts(instantMs)
            .map(({ type, value }) => [type, Number(value)]),
        );
        const wallMs = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
        expect(zoneOffsetMs(instantMs, zone)).toBe(wallMs - Math.floor(instantMs / 1000) * 1000);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the process time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  /** Everything FlowForge computes in zones: offsets, changes, local days and their starts, splits, wall times. */
  function computeInOtherZones(): void {
    const instant = at('2026-10-25T00:30:00Z');
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Pacific/Apia']) {
      zoneOffsetMs(instant, zone);
      nextOffsetChange(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), zone);
      localDay(instant, zone);
      startOfLocalDay('2026-03-29', zone);
      splitAtLocalMidnight(at('2026-10-24T20:00:00Z'), at('2026-10-26T04:00:00Z'), zone);
      localDateTimeToInstant('2026-03-29T02:30', zone);
    }
  }

  it.each([
    ['set to a zone FlowForge never computes in', 'America/Sao_Paulo'],
    ['set to UTC', 'UTC'],
    ['unset', undefined],
  ])('is never changed: TZ %s stays, and so do Date’s local fields', (_case, tz) => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
    const instants = [at('2026-01-15T10:00:00Z'), at('2026-07-15T23:30:00Z'), at('2026-10-25T00:30:00Z')];
    const local = () => instants.map((ms) => [new Date(ms).getHours(), new Date(ms).getDate(), new Date(ms).getTimezoneOffset(), new Date(2026, 6, 1).getTime()]);
    const before = local();

    computeInOtherZones();

    expect(process.env.TZ).toBe(tz);
    expect('TZ' in process.env).toBe(tz !== undefined);
    expect(local()).toEqual(before);
  });
});

describe('the process’s own zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('is read through Date, and gives ICU’s offsets and changes to the second, before 1972 too', () => {
    // A zone no other test computes in, so its clock is made while TZ names it.
    const zone = 'America/Santiago';
    process.env.TZ = zone;
    expect(isProcessZone(zone)).toBe(true);
    expect(isValidTimeZone(zone)).toBe(true);
    const formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const icuOffset = (instantMs: number): number => {
      const parts = Object.fromEntries(formatter.formatToParts(instantMs).map(({ type, value }) => [type, Number(value)]));
      return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(instantMs / 1000) * 1000;
    };
    fc.assert(
      fc.property(fc.integer({ min: at('1890-01-01T00:00:00Z'), max: at('2090-01-01T00:00:00Z') }), (instantMs) => {
        expect(zoneOffsetMs(instantMs, zone)).toBe(icuOffset(instantMs));
      }),
      { numRuns: 1000 },
    );
    // Chile's clocks go back an hour in early April: where the kernel finds the change, ICU's offsets differ.
    const change = nextOffsetChange(at('2026-03-01T00:00:00Z'), at('2026-05-01T00:00:00Z'), zone);
    expect(change).toBeDefined();
    expect(icuOffset(change! - 1000)).not.toBe(icuOffset(change!));
  });

  it('is not taken for an alias or another spelling, which go through a formatter', () => {
    process.env.TZ = 'europe/berlin';
    expect(isProcessZone('europe/berlin')).toBe(false);
    expect(isValidTimeZone('europe/berlin')).toBe(true);
    expect(isProcessZone('Europe/Berlin')).toBe(false);
  });
});
