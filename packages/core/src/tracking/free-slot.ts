import { flowForgeError } from '../errors.js';
import type { TimerState } from '../model/timer.js';
import type { UserStore } from '../store/user-store.js';
import { formatDuration } from '../time/duration.js';
import { localDaysSpan } from './views.js';

/** Where a `--duration` entry goes when nobody said when: from 09:00, after what is already there. */
const DEFAULT_START_HOUR = 9;

/**
 * The first gap of `seconds` on local day `day`, from 09:00 (or the day's start when the morning
 * is full), that ends by now: a duration-only entry never overlaps tracked time. The caller holds
 * the store's lock, so that two `add --duration` at once never pick the same gap.
 */
export async function freeSlot(
  store: UserStore,
  timer: TimerState,
  { day, seconds, zone, nowMs }: { day: string; seconds: number; zone: string; nowMs: number },
): Promise<{ startMs: number; endMs: number }> {
  const span = localDaysSpan(day, day, zone);
  const limit = Math.min(span.toMs, nowMs);
  const taken = (await store.entriesBetween(span.fromMs, span.toMs)).map((entry) => [Date.parse(entry.start), Date.parse(entry.end)] as const);
  if (timer.active) taken.push([Date.parse(timer.active.since), nowMs]);
  taken.sort((a, b) => a[0] - b[0]);
  const morning = span.fromMs + DEFAULT_START_HOUR * 3_600_000;
  for (const earliest of [morning, span.fromMs]) {
    let startMs = earliest;
    for (const [from, to] of taken) {
      if (from - startMs >= seconds * 1000) break;
      if (to > startMs) startMs = to;
    }
    if (startMs + seconds * 1000 <= limit) return { startMs, endMs: startMs + seconds * 1000 };
  }
  throw flowForgeError('FF_USAGE', {
    command: 'add',
    message: `${day} has no free ${formatDuration(seconds)} before ${limit === nowMs ? 'now' : 'its end'}`,
  });
}
