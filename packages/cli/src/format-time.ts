import { formatDuration, zoneOffsetMs } from '@flowforge/core/lite';

/** `2026-11-02 08:00` in `zone`: how people read their own entries. */
export function localDateTime(instant: string | number, zone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + zoneOffsetMs(ms, zone)).toISOString().slice(0, 16).replace('T', ' ');
}

/** `08:00` in `zone`. */
export function localClock(instant: string | number, zone: string): string {
  return localDateTime(instant, zone).slice(11);
}

/** Seconds as people say them: `1h30m`. */
export const human = (seconds: number): string => formatDuration(Math.round(seconds));
