/**
 * ISO-8601 instants as FlowForge stores and accepts them: a date-time with `Z` or an offset
 * (`2026-11-02T08:00:00Z`, `2026-11-02T09:00+01:00`, `...+0100`). `Date.parse` is not used
 * because it also takes text without a designator and reads it in the machine's own zone.
 */
import { parseWallTime } from './local-time.js';

const ZONE_DESIGNATOR = /(?:Z|([+-])(\d{2}):?(\d{2}))$/;

/** Epoch ms of `text`, or `null` unless it is an ISO-8601 instant. Digits after milliseconds are dropped. */
export function parseIsoInstant(text: string): number | null {
  const designator = ZONE_DESIGNATOR.exec(text);
  if (!designator) return null;
  const wallMs = parseWallTime(text.slice(0, designator.index));
  if (wallMs === null) return null;
  const [, sign, hours = '0', minutes = '0'] = designator;
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  const offsetMs = (Number(hours) * 60 + Number(minutes)) * 60_000;
  return sign === '-' ? wallMs + offsetMs : wallMs - offsetMs;
}
