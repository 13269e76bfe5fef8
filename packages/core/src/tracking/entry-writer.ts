import { flowForgeError } from '../errors.js';
import type { TimeEntry } from '../model/entry.js';
import type { JournalRecord } from '../model/journal.js';
import type { TimerState } from '../model/timer.js';
import { type UserStore, utcDayOf } from '../store/user-store.js';

const DAY_MS = 86_400_000;

/** Whole-second UTC instant, the only form FlowForge stores: `2026-11-02T08:00:00Z`. */
export const toUtcInstant = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A stretch of work before it is filed: the writer gives it ids and days. */
export interface Stretch {
  issue: string;
  startMs: number;
  endMs: number;
  billable: boolean;
  note?: string;
  /** The id reserved for it (a timer's), kept for its first piece. */
  id?: string;
}

/**
 * Files stretches as entries, each in the daily log of its UTC start day. A stretch longer than a
 * day is cut at UTC midnights so that no entry lasts more than 24 h (readers then know where to
 * look). An entry whose id is already filed — a timer stretch written just before a crash — is
 * corrected in place rather than added twice. The caller holds the store's lock.
 */
export async function fileStretches(store: UserStore, stretches: readonly Stretch[], atMs: number, timer?: TimerState): Promise<TimeEntry[]> {
  const reserved = new Set(timer?.active ? [timer.active.entryId] : []);
  const filed: TimeEntry[] = [];
  for (const stretch of stretches) {
    for (const [index, piece] of cutAtUtcMidnights(stretch.startMs, stretch.endMs).entries()) {
      const day = utcDayOf(piece.startMs);
      const id = index === 0 && stretch.id ? stretch.id : await store.newEntryId(day, reserved);
      reserved.add(id);
      const entry: TimeEntry = {
        id,
        issue: stretch.issue,
        start: toUtcInstant(piece.startMs),
        end: toUtcInstant(piece.endMs),
        billable: stretch.billable,
        ...(stretch.note ? { note: stretch.note } : {}),
      };
      const existing = (await store.entriesOfDay(day)).get(id);
      const at = toUtcInstant(atMs);
      const record: JournalRecord | undefined = !existing
        ? { v: 1, op: 'add', at, entry }
        : JSON.stringify(existing) === JSON.stringify(entry)
          ? undefined
          : { v: 1, op: 'edit', at, entry, previous: existing };
      if (record) await store.append(day, [record]);
      filed.push(entry);
    }
  }
  return filed;
}

/** Refuses a new or changed stretch that overlaps a filed entry (other than `ignoreId`) or the running timer. */
export async function assertNoOverlap(
  store: UserStore,
  startMs: number,
  endMs: number,
  timer: TimerState,
  nowMs: number,
  ignoreId?: string,
): Promise<void> {
  for (const entry of await store.entriesBetween(startMs, endMs)) {
    if (entry.id !== ignoreId) throw flowForgeError('FF_ENTRY_OVERLAP', { id: entry.id, start: entry.start, end: entry.end });
  }
  const active = timer.active;
  if (active && active.entryId !== ignoreId && Date.parse(active.since) < endMs && nowMs > startMs) {
    throw flowForgeError('FF_ENTRY_OVERLAP', { id: `${active.entryId} (the running timer on ${active.issue})`, start: active.since, end: 'now' });
  }
}

/** `[startMs, endMs)` in pieces that end at UTC midnights, none longer than a day: how the store files time. */
export function cutAtUtcMidnights(startMs: number, endMs: number): { startMs: number; endMs: number }[] {
  if (endMs - startMs <= DAY_MS) return [{ startMs, endMs }];
  const pieces: { startMs: number; endMs: number }[] = [];
  for (let from = startMs; from < endMs; ) {
    const midnight = (Math.floor(from / DAY_MS) + 1) * DAY_MS;
    const to = Math.min(midnight, endMs);
    pieces.push({ startMs: from, endMs: to });
    from = to;
  }
  return pieces;
}
