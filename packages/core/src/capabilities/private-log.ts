/**
 * `privateLog`: what a plugin may do to a developer's private log, without knowing how it is
 * stored. Entries are read as they stand, and imported through the store — filed by the store's
 * rules (one log per UTC day, an entry longer than a day cut at UTC midnights, fresh ids), under its lock, with the
 * changed days noted so that the next aggregation publishes them.
 */
import { flowForgeError } from '../errors.js';
import { ISSUE_PATTERN, SOURCE_PATTERN, type TimeEntry } from '../model/entry.js';
import type { JournalRecord } from '../model/journal.js';
import { UserStore, utcDayOf } from '../store/user-store.js';
import { currentMsOrClock } from '../time/now.js';
import { cutAtUtcMidnights, toUtcInstant } from '../tracking/entry-writer.js';

/** An instant: ISO 8601 text with a zone (`2026-11-02T08:00:00Z`) or milliseconds since 1970. */
export type Instant = string | number;

/** A span of time, `[from, to)`. */
export interface Span {
  from: Instant;
  to: Instant;
}

/** One stretch of time to import; its id and the log it is filed in are the store's. */
export interface ImportedEntry {
  issue: string;
  start: Instant;
  end: Instant;
  /** Default true. */
  billable?: boolean;
  /** Private, like every note: it never reaches the team layer. */
  note?: string;
}

export interface ImportOptions {
  /**
   * What imports the entries (`toggl`, `v1`): lowercase letters, digits and hyphens. Importing is
   * idempotent: an entry whose issue, start and end were already added to its day's log is not
   * added again — even if the developer has since edited or removed it. For entries kept out of
   * aggregation that means added by an import from the same source; published entries carry no
   * source, so any published entry of those times counts (an earlier import, or the developer's).
   */
  source: string;
  /**
   * Default true: imported entries are tracked time like any other, and the next aggregation
   * (the next commit, or `flowforge aggregate`) publishes them. An entry that would overlap time
   * already in the log (tracked, or kept out of aggregation) or the running timer is not imported
   * (counted in `overlapping`), so an import never changes or doubles what is billed.
   *
   * False: the entries are kept for the developer's own history (`flowforge log` shows them) and
   * left out of aggregation, because their time is billed from somewhere else — as the v1
   * importer's are, from the v1 history it writes. They may overlap anything.
   */
  publish?: boolean;
  /** Count what would be imported, write nothing. */
  dryRun?: boolean;
  /** Called as an import of many days goes: entries handled so far, and in all. */
  progress?: (done: number, total: number) => void;
}

export interface ImportResult {
  /** Entries added (on a dry run: that would be); an entry cut at midnights counts once per piece. */
  added: number;
  /** Entries already added to the log (see `ImportOptions.source`), not added again. */
  present: number;
  /** Published entries left out because they overlap time already in the log. */
  overlapping: number;
}

/**
 * The private log of the user at hand: on a run's context the user whose time is aggregated, on
 * a command's and on `migrate`'s the developer running the command.
 */
export interface PrivateLog {
  /** The entries that overlap the span, as they stand after every edit and removal, in time order. */
  read(span: Span): Promise<TimeEntry[]>;
  /** Files entries through the store (see `ImportOptions`). */
  import(entries: readonly ImportedEntry[], options: ImportOptions): Promise<ImportResult>;
}

/** Where the log is, and whether the caller already holds its lock (a run of the pipeline does). */
export interface PrivateLogAccess {
  repoRoot: string;
  /** The user id, or a function that finds it when the log is first used (a command's developer). */
  user: string | (() => string);
  /** The tracking pipeline holds the lock while it runs, and the lock is not reentrant. */
  underRunLock: boolean;
}

export function privateLogFor(access: PrivateLogAccess): PrivateLog {
  let store: UserStore | undefined;
  const storeOf = () => (store ??= UserStore.forRepo(access.repoRoot, typeof access.user === 'string' ? access.user : access.user()));
  return {
    read: (span) => storeOf().entriesBetween(instantMs(span.from, 'from'), instantMs(span.to, 'to')),
    async import(entries, options) {
      const publish = options.publish ?? true;
      if (!SOURCE_PATTERN.test(options.source)) {
        throw flowForgeError('FF_USAGE', { message: `privateLog.import: source ${JSON.stringify(options.source)} is not lowercase letters, digits and hyphens (at most 32)` });
      }
      if (publish && access.underRunLock && !options.dryRun) {
        // The run forgets the changed days once it is done: days noted now would never be published.
        throw flowForgeError('FF_USAGE', { message: 'privateLog.import during the tracking pipeline takes only entries kept out of aggregation (publish: false); import tracked time from a command' });
      }
      // Only entries kept out of aggregation carry their source: that is how aggregation knows them.
      const stored = publish ? undefined : options.source;
      const pieces = piecesOf(entries, stored);
      const write = () => importPieces(storeOf(), pieces, { ...options, publish, stored });
      return options.dryRun || access.underRunLock ? write() : storeOf().locked(write);
    },
  };
}

function instantMs(value: Instant, option: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms) || (typeof value === 'string' && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value))) {
    throw flowForgeError('FF_BAD_TIME', { option, value: String(value) });
  }
  return ms;
}

/** An imported entry's piece within one UTC day, without its id. */
interface Piece {
  day: string;
  key: string;
  entry: Omit<TimeEntry, 'id'>;
}

function piecesOf(entries: readonly ImportedEntry[], source: string | undefined): Piece[] {
  const pieces: Piece[] = [];
  for (const imported of entries) {
    if (!ISSUE_PATTERN.test(imported.issue)) throw flowForgeError('FF_BAD_ISSUE', { value: imported.issue });
    // Whole seconds, as the store keeps them: an entry imported twice gives the same instants.
    const startMs = Math.floor(instantMs(imported.start, 'start') / 1000) * 1000;
    const endMs = Math.floor(instantMs(imported.end, 'end') / 1000) * 1000;
    if (!(endMs > startMs)) throw flowForgeError('FF_BAD_RANGE', { start: String(imported.start), end: String(imported.end) });
    for (const stretch of cutAtUtcMidnights(startMs, endMs)) {
      const entry: Omit<TimeEntry, 'id'> = {
        issue: imported.issue,
        start: toUtcInstant(stretch.startMs),
        end: toUtcInstant(stretch.endMs),
        billable: imported.billable ?? true,
        ...(imported.note ? { note: imported.note } : {}),
        ...(source ? { source } : {}),
      };
      pieces.push({ day: utcDayOf(stretch.startMs), key: keyOf(entry), entry });
    }
  }
  return pieces;
}

/** How many days' logs are written at the same time: independent files, each append fsynced. */
const PARALLEL_DAYS = 16;

async function importPieces(store: UserStore, pieces: readonly Piece[], options: ImportOptions & { publish: boolean; stored: string | undefined }): Promise<ImportResult> {
  const byDay = new Map<string, Piece[]>();
  for (const piece of pieces) byDay.set(piece.day, [...(byDay.get(piece.day) ?? []), piece]);
  const busy = options.publish ? await busyTime(store, pieces) : [];
  const at = toUtcInstant(currentMsOrClock());
  const result: ImportResult = { added: 0, present: 0, overlapping: 0 };
  const days = [...byDay.keys()].sort();
  let done = 0;
  for (let first = 0; first < days.length; first += PARALLEL_DAYS) {
    const batch = days.slice(first, first + PARALLEL_DAYS);
    const counts = await Promise.all(batch.map((day) => importDay(store, day, byDay.get(day) ?? [], { at, busy, ...options })));
    for (const [index, count] of counts.entries()) {
      result.added += count.added;
      result.present += count.present;
      result.overlapping += count.overlapping;
      done += byDay.get(batch[index] ?? '')?.length ?? 0;
    }
    options.progress?.(done, pieces.length);
  }
  return result;
}

/** Time already taken in the span of `pieces`: every standing entry and the running timer. */
async function busyTime(store: UserStore, pieces: readonly Piece[]): Promise<[number, number][]> {
  if (pieces.length === 0) return [];
  // A loop, not Math.min(...): an import of years holds more pieces than a call takes arguments.
  let fromMs = Number.POSITIVE_INFINITY;
  let toMs = Number.NEGATIVE_INFINITY;
  for (const piece of pieces) {
    fromMs = Math.min(fromMs, Date.parse(piece.entry.start));
    toMs = Math.max(toMs, Date.parse(piece.entry.end));
  }
  const standing = await store.entriesBetween(fromMs, toMs);
  // Entries kept out of aggregation count too: their time is billed elsewhere, and billing it again here would double it.
  const busy = standing.map((entry): [number, number] => [Date.parse(entry.start), Date.parse(entry.end)]);
  const active = (await store.readTimer()).active;
  if (active) busy.push([Date.parse(active.since), Number.POSITIVE_INFINITY]);
  return busy;
}

async function importDay(
  store: UserStore,
  day: string,
  pieces: readonly Piece[],
  options: { at: string; busy: [number, number][]; dryRun?: boolean | undefined; publish: boolean; stored: string | undefined },
): Promise<ImportResult> {
  const result: ImportResult = { added: 0, present: 0, overlapping: 0 };
  // How many entries of each key earlier imports added (two identical sessions are two entries).
  const imported = new Map<string, number>();
  for (const record of await store.readDay(day)) {
    if (record.op === 'add' && record.entry.source === options.stored) imported.set(keyOf(record.entry), (imported.get(keyOf(record.entry)) ?? 0) + 1);
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
    if (options.publish) {
      const span: [number, number] = [Date.parse(piece.entry.start), Date.parse(piece.entry.end)];
      if (options.busy.some(([from, to]) => from < span[1] && to > span[0])) {
        result.overlapping += 1;
        continue;
      }
      // Later entries of this import must not overlap this one either.
      options.busy.push(span);
    }
    result.added += 1;
    if (options.dryRun) continue;
    const id = await store.newEntryId(day, reserved);
    reserved.add(id);
    records.push({ v: 1, op: 'add', at: options.at, entry: { id, ...piece.entry } });
  }
  if (records.length > 0) await store.append(day, records);
  return result;
}

function keyOf(entry: Pick<TimeEntry, 'issue' | 'start' | 'end'>): string {
  return `${entry.issue}|${entry.start}|${entry.end}`;
}
