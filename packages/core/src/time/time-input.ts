/** TIME arguments (`--at`, `--from`, `--to`; docs/tracking.md) as users type them. */
import { localDay } from './local-day.js';
import { localDateTimeToInstant, parseClockTime } from './local-time.js';
import { parseIsoInstant } from './instant.js';

export interface TimeInputContext {
  /** The instant that `HH:MM` is taken relative to (FLOWFORGE_NOW in tests). */
  nowMs: number;
  /** The user's zone, for local times. */
  zone: string;
}

/**
 * Epoch ms of a TIME argument, or `null` when it is not one:
 * - `HH:MM` — that local time on today's local date, even if later than now (the caller
 *   decides whether a future time makes sense);
 * - `YYYY-MM-DDTHH:MM` — a local date-time, DST handled as in `local-time.ts`;
 * - an ISO instant with `Z` or an offset.
 * Seconds are optional in all three. Throws only for a zone Intl does not know, which is a
 * configuration error rather than bad input.
 */
export function parseTimeInput(text: string, { nowMs, zone }: TimeInputContext): number | null {
  const input = text.trim();
  if (parseClockTime(input) !== null) return localDateTimeToInstant(`${localDay(nowMs, zone)}T${input}`, zone);
  return localDateTimeToInstant(input, zone) ?? parseIsoInstant(input);
}
