/**
 * The migrating developer's own v1 sessions, added to their private log (`flowforge log` shows
 * them, notes included) as entries with `source: 'v1'`: aggregation leaves those out, because
 * their time is billed from the v1 team history — never twice.
 *
 * Idempotent by content: an imported entry is known by `issue|start|end`, and a session whose key
 * was already imported into that day's log — even if the developer has since edited or removed
 * that entry — is not added again. Sessions longer than a day are cut at UTC midnights, as the
 * store requires (`fileStretches` does the same for tracked time).
 */
import { type JournalRecord, type TimeEntry, toUtcInstant, type UserStore, utcDayOf } from '@flowforge/core/internal';
import type { MigratedSession } from './types.js';

const DAY_MS = 86_400_000;

export interface PrivateImport {
  /** Entries added (or, on a dry run, that would be). */
  added: number;
  /** Entries that an earlier import already added. */
  present: number;
}

export interface PrivateImportOptions {
  atMs: number;
  dryRun: boolean;
  /** Called after each day's log, with the entries handled so far and in all. */
  progress?: (done: number, total: number) => void;
}

interface Piece {
  key: string;
  entry: Omit<TimeEntry, 'id'>;
}

/** The caller holds the store's lock (not needed for a dry run, which only reads). */
export async function importOwnSessions(store: UserStore, sessions: readonly MigratedSession[], options: PrivateImportOptions): Promise<PrivateImport> {
  const byDay = new Map<string, Piece[]>();
  let total = 0;
  for (const session of sessions) {
    const stretches = cutAtUtcMidnights(Date.parse(session.start), Date.parse(session.end));
    for (const stretch of stretches) {
      const whole = stretches.length === 1; // the session's own stamps are already whole-second UTC instants
      const entry: Omit<TimeEntry, 'id'> = {
        issue: session.issue,
        start: whole ? session.start : toUtcInstant(stretch.startMs),
        end: whole ? session.end : toUtcInstant(stretch.endMs),
        billable: true,
        ...(session.note ? { note: session.note } : {}),
        source: 'v1',
      };
      const day = whole ? session.start.slice(0, 10) : utcDayOf(stretch.startMs);
      const pieces = byDay.get(day) ?? [];
      pieces.push({ key: keyOf(entry), entry });
      byDay.set(day, pieces);
      total += 1;
    }
  }
  const result: PrivateImport = { added: 0, present: 0 };
  const at = toUtcInstant(options.atMs);
  const days = [...byDay.keys()].sort();
  let done = 0;
  // Days are independent files: their appends (each fsynced) run a few at a time, so a migration
  // of years of sessions waits for the disk in batches rather than once per day.
  for (let first = 0; first < days.length; first += PARALLEL_DAYS) {
    const batch = days.slice(first, first + PARALLEL_DAYS);
    const counts = await Promise.all(batch.map((day) => importDay(store, day, byDay.get(day) ?? [], at, options.dryRun)));
    for (const [index, count] of counts.entries()) {
      result.added += count.added;
      result.present += count.present;
      done += byDay.get(batch[index] ?? '')?.length ?? 0;
    }
    options.progress?.(done, total);
  }
  return result;
}

/** How many days' logs are written at the same time. */
const PARALLEL_DAYS = 16;

async function importDay(store: UserStore, day: string, pieces: readonly Piece[], at: string, dryRun: boolean): Promise<PrivateImport> {
  const result: PrivateImport = { added: 0, present: 0 };
  // How many entries of each key earlier imports added (two identical v1 sessions are two entries).
  const imported = new Map<string, number>();
  for (const record of await store.readDay(day)) {
    if (record.op === 'add' && record.entry.source === 'v1') imported.set(keyOf(record.entry), (imported.get(keyOf(record.entry)) ?? 0) + 1);
  }
  const records: JournalRecord[] = [];
  const reserved = new Set<string>();
  for (const piece of pieces) {
    const left = imported.get(piece.key) ?? 0;
    if (left > 0) {
      imported.set(piece.key, left - 1);
      result.present += 1;
      continue;
    }
    result.added += 1;
    if (dryRun) continue;
    const id = await store.newEntryId(day, reserved);
    reserved.add(id);
    records.push({ v: 1, op: 'add', at, entry: { id, ...piece.entry } });
  }
  if (records.length > 0) await store.append(day, records);
  return result;
}

function keyOf(entry: Pick<TimeEntry, 'issue' | 'start' | 'end'>): string {
  return `${entry.issue}|${entry.start}|${entry.end}`;
}

function cutAtUtcMidnights(startMs: number, endMs: number): { startMs: number; endMs: number }[] {
  if (endMs - startMs <= DAY_MS) return [{ startMs, endMs }];
  const pieces: { startMs: number; endMs: number }[] = [];
  for (let from = startMs; from < endMs; ) {
    const to = Math.min((Math.floor(from / DAY_MS) + 1) * DAY_MS, endMs);
    pieces.push({ startMs: from, endMs: to });
    from = to;
  }
  return pieces;
}
