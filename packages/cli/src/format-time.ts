import { formatDuration } from '@flowforge/core/lite';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** `2026-11-02 08:00` in `zone`: how people read their own entries. */
export function localDateTime(instant: string | number, zone: string): string {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** `08:00` in `zone`. */
export function localClock(instant: string | number, zone: string): string {
  return localDateTime(instant, zone).slice(11);
}

/** Seconds as people say them: `1h30m`. */
export const human = (seconds: number): string => formatDuration(Math.round(seconds));
