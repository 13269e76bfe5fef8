import { isJournalRecord, type JournalRecord } from '../model/journal.js';
import { isObject } from '../model/shape.js';

/**
 * `time/archive/<YYYY-MM>.jsonl`: the daily logs of a closed UTC month in one file, one line per
 * day that had a log, in day order — `{"day":"2026-10-01","records":[…the log's records…]}`.
 * Written whole and atomically, never appended: a day of an archived month that changes later gets
 * a daily log again, read after the archived records (see `UserStore.archiveClosedMonths`).
 *
 * Why: a year is some 250 daily logs, and every file of the private layer costs each commit a
 * `stat` and a line in the backup's manifest; archived, a year is twelve files and a month of logs.
 */
export interface ArchivedDay {
  day: string;
  records: JournalRecord[];
}

export const ARCHIVE_FILE = /^(\d{4}-\d{2})\.jsonl$/;
/** An archive written but not yet in place: its month's daily logs are still being removed. */
export const PENDING_ARCHIVE_FILE = /^(\d{4}-\d{2})\.jsonl\.next$/;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function renderArchive(days: readonly ArchivedDay[]): string {
  return days.map(({ day, records }) => `${JSON.stringify({ day, records })}\n`).join('');
}

/**
 * The days of an archive's bytes, and how many of its lines are not a day of FlowForge records
 * (FlowForge writes none; the backup counts them rather than failing).
 */
export function parseArchive(bytes: Uint8Array): { days: ArchivedDay[]; unreadable: number } {
  const days: ArchivedDay[] = [];
  let unreadable = 0;
  const lines = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n');
  lines.pop(); // after the last newline
  for (const line of lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (isArchivedDay(value)) days.push(value);
    else unreadable += 1;
  }
  return { days, unreadable };
}

function isArchivedDay(value: unknown): value is ArchivedDay {
  return (
    isObject(value) &&
    typeof value.day === 'string' &&
    DAY.test(value.day) &&
    Array.isArray(value.records) &&
    value.records.every(isJournalRecord) &&
    Object.keys(value).length === 2
  );
}
