import { closeSync, fdatasyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { flowForgeError } from '../errors.js';
import { CLONE_ID_FILE, CLONE_ID_PATTERN, newCloneId } from '../model/clone-id.js';
import { type TimeEntry } from '../model/entry.js';
import { isJournalRecord, type JournalRecord } from '../model/journal.js';
import { EMPTY_TIMER_STATE, isTimerState, type TimerState } from '../model/timer.js';
import { isUserConfig, type UserConfig } from '../model/user-config.js';
import { appendRecords, readRecords } from './append-log.js';
import { ARCHIVE_FILE, type ArchivedDay, parseArchive, PENDING_ARCHIVE_FILE, renderArchive } from './month-archive.js';
import { readJsonFile, writeFileAtomic } from './atomic-write.js';
import { assertRealFolders, readRegularFile } from './contained.js';
import { withLock } from './lock.js';
import { ensurePrivateDir, fsyncDirectory, PRIVATE_FILE_MODE } from './private-dir.js';
import { ignoreEverythingIn } from './git-ignored.js';
import { namesIn } from './names-in.js';
import { quarantine } from './quarantine.js';
import { unlinkIfPresent } from './unlink-if-present.js';

const DAY_MS = 86_400_000;
/** The clone file holds an id of 8 letters and a newline. */
const CLONE_FILE_MAX_BYTES = 1024;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day (`YYYY-MM-DD`) an instant falls on: the daily log that holds an entry starting then. */
export const utcDayOf = (instant: string | number): string => new Date(instant).toISOString().slice(0, 10);

/** The month archives of `time/archive/` a store knows of, and the ones it has read, by file. */
interface ArchiveState {
  final: Set<string>;
  /** Months whose new archive is written but whose daily logs may not all be removed yet. */
  pending: Set<string>;
  read: Map<string, Map<string, JournalRecord[]>>;
}

/** A move of an entry to another daily log, written before and completed after a crash. */
interface PendingMove {
  from: string;
  to: string;
  add: JournalRecord & { op: 'add' };
  remove: JournalRecord & { op: 'rm' };
}

/**
 * A developer's private layer, `.flowforge/user/<id>/` (0700, files 0600):
 *
 * - `config.json`            the developer's preferences (time zone)
 * - `clone`                  the id of this private layer's shard of the team files (`model/clone-id.ts`)
 * - `time/current.json`      the running and paused timers (whole-file, atomic)
 * - `time/daily/<day>.jsonl` append-only records of the entries that start on that UTC day
 * - `time/archive/<month>.jsonl` the daily logs of a UTC month that ended before last month, in one
 *                            file (`month-archive.ts`); a day's records are its archived ones, then
 *                            its daily log's
 * - `time/pending-move.json` a move between two daily logs in progress (see `moveEntry`)
 * - `time/changes`           the UTC days written since the last aggregation
 *
 * Entries are filed by the UTC day of their start, so that a change of time zone never changes
 * where an entry is; no entry lasts more than 24 hours (longer stretches are split on write), so
 * the entries of any span are in the logs of its days and the day before. Reads and writes of one
 * user's store are serialised by `.lock`.
 */
export class UserStore {
  readonly timeDir: string;
  readonly dailyDir: string;
  readonly archiveDir: string;
  /** Days not yet aggregated, one per line; its absence means there is nothing to do. */
  readonly changesFile: string;
  /** What this store has read of `time/archive/`; forgotten when the lock is taken. */
  #archiveState: ArchiveState | undefined;

  constructor(
    readonly root: string,
    readonly user: string,
  ) {
    this.timeDir = join(root, 'time');
    this.dailyDir = join(this.timeDir, 'daily');
    this.archiveDir = join(this.timeDir, 'archive');
    this.changesFile = join(this.timeDir, 'changes');
  }

  /**
   * The store of `user` in a clone, once its folders are known to be real folders: a link in their
   * place (committed by someone, or made by accident) would have entries read from, and written to,
   * somewhere else (`FF_LINK_REFUSED`).
   */
  static forRepo(repoRoot: string, user: string): UserStore {
    for (const dir of ['daily', 'archive']) assertRealFolders(repoRoot, `.flowforge/user/${user}/time/${dir}`);
    return new UserStore(join(repoRoot, '.flowforge', 'user', user), user);
  }

  /**
   * Runs `fn` holding the user's lock, after completing any move a crash interrupted. Every
   * writer — CLI, hook, daemon — goes through here.
   */
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    await ensurePrivateDir(this.root);
    await ignoreEverythingIn(dirname(this.root));
    return withLock(join(this.root, '.lock'), async () => {
      // What was read before the lock may have changed since; an interrupted archiving is
      // completed before the move, which may append to one of its month's logs.
      this.#archiveState = undefined;
      for (const month of this.#archives().pending) await this.#completeArchive(month);
      await this.#completePendingMove();
      return fn();
    });
  }

  /** The id of this private layer's shard, or `undefined` before its first aggregation. */
  cloneId(): string | undefined {
    // A regular file of a few bytes, never read through a link; synchronous: read by `status` and every commit.
    const bytes = readRegularFile(this.#cloneFile(), this.#cloneFile(), CLONE_FILE_MAX_BYTES);
    if (bytes === undefined) return undefined;
    const id = bytes.toString('utf8').trim();
    if (!CLONE_ID_PATTERN.test(id)) throw flowForgeError('FF_STORE_CORRUPT', { file: this.#cloneFile(), reason: 'it does not hold a clone id: 8 of a-z and 2-7', keptAt: this.#cloneFile() });
    return id;
  }

  /**
   * The shard's id, made on first use. Called under the lock. Kept in the private layer, so a backup
   * restored on a new machine goes on writing the same shard: its revisions continue, nothing is
   * counted twice.
   */
  async ensureCloneId(): Promise<string> {
    const known = this.cloneId();
    if (known) return known;
    const id = newCloneId();
    await writeFileAtomic(this.#cloneFile(), `${id}\n`);
    return id;
  }

  async readConfig(): Promise<UserConfig> {
    return this.#readValidated(join(this.root, 'config.json'), isUserConfig, {});
  }

  async readTimer(): Promise<TimerState> {
    return this.#readValidated(join(this.timeDir, 'current.json'), isTimerState, EMPTY_TIMER_STATE);
  }

  async writeTimer(state: TimerState): Promise<void> {
    await writeFileAtomic(join(this.timeDir, 'current.json'), `${JSON.stringify(state, null, 2)}\n`);
  }

  /** Every record of one UTC day's log, in the order written: archived ones first. */
  async readDay(day: string): Promise<JournalRecord[]> {
    const month = day.slice(0, 7);
    const archives = this.#archives();
    // A pending archive holds its whole month, including the daily logs not yet removed.
    if (archives.pending.has(month)) return (await this.#archivedDays(month, true)).get(day) ?? [];
    const archived = archives.final.has(month) ? ((await this.#archivedDays(month, false)).get(day) ?? []) : [];
    const file = this.#dayFile(day);
    const { records } = await readRecords(file);
    const checked: JournalRecord[] = [...archived];
    for (const [index, record] of records.entries()) checked.push(isJournalRecord(record) ? record : await this.#refuseRecord(file, index));
    return checked;
  }

  /** The entries of one UTC day's log as they stand after every edit and removal. */
  async entriesOfDay(day: string): Promise<Map<string, TimeEntry>> {
    return (await this.readLog(day)).entries;
  }

  /** A day's log: how many records it holds, and the entries they leave standing. */
  async readLog(day: string): Promise<{ records: number; entries: Map<string, TimeEntry> }> {
    const records = await this.readDay(day);
    const entries = new Map<string, TimeEntry>();
    for (const record of records) {
      if (record.op === 'rm') entries.delete(record.id);
      else entries.set(record.entry.id, record.entry);
    }
    return { records: records.length, entries };
  }

  /**
   * The entries that overlap [fromMs, toMs), in time order. Reads only the logs that can hold them,
   * and of those only the ones that exist: a year holds some hundred days without work.
   */
  async entriesBetween(fromMs: number, toMs: number): Promise<TimeEntry[]> {
    const found: TimeEntry[] = [];
    for (const day of await this.#daysBetween(utcDayOf(fromMs - DAY_MS), utcDayOf(toMs))) {
      for (const entry of (await this.entriesOfDay(day)).values())
        if (Date.parse(entry.start) < toMs && Date.parse(entry.end) > fromMs) found.push(entry);
    }
    // Code-unit order: the instants are ISO text of one length, and a collator costs ICU's set-up.
    return found.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  /** The UTC days that have a log, archived or not, oldest first. */
  async days(): Promise<string[]> {
    return this.#daysBetween('0000-01-01', '9999-12-31');
  }

  /** The UTC days from `first` to `last` that have a log, oldest first; reads only their months' archives. */
  async #daysBetween(first: string, last: string): Promise<string[]> {
    const within = (day: string) => day >= first && day <= last;
    const days = new Set(this.#dailyDays().filter(within));
    const { final, pending } = this.#archives();
    for (const month of new Set([...final, ...pending])) {
      if (month < first.slice(0, 7) || month > last.slice(0, 7)) continue;
      for (const day of (await this.#archivedDays(month, pending.has(month))).keys()) if (within(day)) days.add(day);
    }
    return [...days].sort();
  }

  /**
   * Archives each UTC month that ended before last month and still has daily logs: its logs, after
   * what an archive of it already holds, go into `time/archive/<month>.jsonl`, and the logs are
   * removed. Crash-safe: the new archive is written as `<month>.jsonl.next` first, which holds the
   * whole month while the logs are removed and is put in place last; readers read a pending archive
   * alone, and the next locked operation completes it. A month with a damaged log is left as it is,
   * for `flowforge doctor` to show. Called under the lock; returns the months archived.
   */
  async archiveClosedMonths(nowMs: number): Promise<string[]> {
    const thisMonth = utcDayOf(nowMs).slice(0, 7);
    const lastMonth = utcDayOf(Date.parse(`${thisMonth}-01T00:00:00Z`) - DAY_MS).slice(0, 7);
    const closed = new Map<string, string[]>();
    for (const day of this.#dailyDays()) {
      const month = day.slice(0, 7);
      if (month < lastMonth) closed.set(month, [...(closed.get(month) ?? []), day]);
    }
    const archived: string[] = [];
    for (const [month, days] of closed) {
      const merged = new Map(this.#archives().final.has(month) ? await this.#archivedDays(month, false) : []);
      let readable = true;
      for (const day of days) {
        const log = await readRecords(this.#dayFile(day)).catch(() => undefined);
        readable = log !== undefined && log.torn === undefined && log.records.every(isJournalRecord);
        if (!readable) break;
        merged.set(day, [...(merged.get(day) ?? []), ...(log!.records as JournalRecord[])]);
      }
      if (!readable) continue;
      const content = renderArchive([...merged.keys()].sort().map((day): ArchivedDay => ({ day, records: merged.get(day) ?? [] })));
      await writeFileAtomic(this.#archiveFile(month, true), content);
      this.#archives().pending.add(month);
      await this.#completeArchive(month);
      archived.push(month);
    }
    return archived;
  }

  /** Finds an entry by id; the id's first characters name its day, so this reads one log. */
  async findEntry(id: string): Promise<TimeEntry | undefined> {
    const day = dayOfEntryId(id);
    return day ? (await this.entriesOfDay(day)).get(id) : undefined;
  }

  /** A fresh id for an entry starting on `day`, unique in that day's log and not in `reserved`. */
  async newEntryId(day: string, reserved: ReadonlySet<string> = new Set()): Promise<string> {
    const taken = new Set((await this.readDay(day)).map((record) => (record.op === 'rm' ? record.id : record.entry.id)));
    for (;;) {
      const id = entryIdPrefix(day) + Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, '0');
      if (!taken.has(id) && !reserved.has(id)) return id;
    }
  }

  /**
   * Appends to a day's log and notes the day in `time/changes`, the list of days not yet
   * aggregated: the pre-commit hook's fast path only has to look at that file's size.
   */
  async append(day: string, records: readonly JournalRecord[]): Promise<void> {
    await appendRecords(this.#dayFile(day), records);
    // fsynced like the log itself: a day missing here would stay out of the team layer.
    const fd = openSync(this.changesFile, 'a', PRIVATE_FILE_MODE);
    try {
      writeFileSync(fd, `${day}\n`);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The UTC days changed since the last aggregation, oldest first. */
  async changedDays(): Promise<string[]> {
    let text = '';
    try {
      text = readFileSync(this.changesFile, 'utf8'); // synchronous: read on every command and commit
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return [...new Set(text.split('\n').filter((line) => DAY.test(line)))].sort();
  }

  /** Called under the lock once the changed days are aggregated and published. */
  async clearChangedDays(): Promise<void> {
    unlinkIfPresent(this.changesFile);
  }

  /**
   * Moves an entry whose start moved to another UTC day: an `add` in the new day's log and an `rm`
   * in the old one. The pair is written to `pending-move.json` first, so a crash between the two
   * appends is completed by the next locked operation instead of leaving the entry twice.
   */
  async moveEntry(move: PendingMove): Promise<void> {
    await writeFileAtomic(this.#pendingFile(), JSON.stringify(move));
    await this.#completePendingMove();
  }

  async #completePendingMove(): Promise<void> {
    const move = (await readJsonFile(this.#pendingFile())) as PendingMove | undefined;
    if (!move) return;
    // Each half is skipped when it already landed, so completing twice writes nothing twice.
    if (!(await this.entriesOfDay(move.to)).has(move.add.entry.id)) await this.append(move.to, [move.add]);
    if ((await this.entriesOfDay(move.from)).has(move.remove.id)) await this.append(move.from, [move.remove]);
    unlinkIfPresent(this.#pendingFile());
  }

  /** Removes the daily logs a pending archive holds, then puts it in place. */
  async #completeArchive(month: string): Promise<void> {
    for (const day of this.#dailyDays()) if (day.startsWith(month)) unlinkIfPresent(this.#dayFile(day));
    await fsyncDirectory(this.dailyDir);
    const pending = this.#archiveFile(month, true);
    const final = this.#archiveFile(month, false);
    renameSync(pending, final);
    await fsyncDirectory(this.archiveDir);
    const archives = this.#archives();
    archives.pending.delete(month);
    archives.final.add(month);
    archives.read.delete(pending);
    archives.read.delete(final);
  }

  /** The months archived, listed once per store (and again when the lock is taken). */
  #archives(): ArchiveState {
    if (this.#archiveState) return this.#archiveState;
    const state: ArchiveState = { final: new Set(), pending: new Set(), read: new Map() };
    for (const name of namesIn(this.archiveDir)) {
      const final = ARCHIVE_FILE.exec(name)?.[1];
      const pending = PENDING_ARCHIVE_FILE.exec(name)?.[1];
      if (final) state.final.add(final);
      if (pending) state.pending.add(pending);
    }
    this.#archiveState = state;
    return state;
  }

  /** The days of one archive, read and checked once per store. */
  async #archivedDays(month: string, pending: boolean): Promise<Map<string, JournalRecord[]>> {
    const file = this.#archiveFile(month, pending);
    const archives = this.#archives();
    const known = archives.read.get(file);
    if (known) return known;
    const { days, unreadable } = parseArchive(readFileSync(file));
    if (unreadable > 0 || days.some(({ day }) => !day.startsWith(month))) {
      const keptAt = await quarantine(file);
      throw flowForgeError('FF_STORE_CORRUPT', { file, reason: 'its content is not what FlowForge writes there', keptAt });
    }
    const byDay = new Map(days.map(({ day, records }) => [day, records]));
    archives.read.set(file, byDay);
    return byDay;
  }

  #archiveFile(month: string, pending: boolean): string {
    return join(this.archiveDir, `${month}.jsonl${pending ? '.next' : ''}`);
  }

  /** The UTC days that have a daily log (archived days may have one too). */
  #dailyDays(): string[] {
    return namesIn(this.dailyDir).flatMap((name) => DAY_FILE.exec(name)?.[1] ?? []);
  }

  /** Not `path.join`: a month's aggregation asks for some forty, and `day` needs no normalising. */
  #dayFile(day: string): string {
    return `${this.dailyDir}${sep}${day}.jsonl`;
  }

  #cloneFile(): string {
    return join(this.root, CLONE_ID_FILE);
  }

  #pendingFile(): string {
    return join(this.timeDir, 'pending-move.json');
  }

  async #refuseRecord(file: string, index: number): Promise<never> {
    const keptAt = await quarantine(file);
    throw flowForgeError('FF_STORE_CORRUPT', { file, reason: `record ${index + 1} is not a FlowForge record`, keptAt });
  }

  async #readValidated<T>(file: string, isValid: (value: unknown) => value is T, missing: T): Promise<T> {
    const raw = await readJsonFile(file);
    if (raw === undefined) return missing;
    if (isValid(raw)) return raw;
    const keptAt = await quarantine(file);
    throw flowForgeError('FF_STORE_CORRUPT', { file, reason: 'its content is not what FlowForge writes there', keptAt });
  }
}

/** Days since 1970 in base 36, three characters until the year 2097: ids sort and group by day. */
function entryIdPrefix(day: string): string {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS)
    .toString(36)
    .padStart(3, '0');
}

function dayOfEntryId(id: string): string | undefined {
  const days = Number.parseInt(id.slice(0, 3), 36);
  return /^[0-9a-z]{6}$/.test(id) && Number.isFinite(days) ? utcDayOf(days * DAY_MS) : undefined;
}
