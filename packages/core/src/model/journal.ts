import { isTimeEntry, isUtcInstant, type TimeEntry } from './entry.js';
import { type Check, isString, optional, shapeOf } from './shape.js';

/**
 * The records of a daily log (`time/daily/<UTC day>.jsonl`). The log is append-only: an edit or a
 * removal is a new record that carries the previous version, so every correction stays auditable.
 * `at` is when the change was made.
 */
export type JournalRecord =
  | { v: 1; op: 'add'; at: string; entry: TimeEntry; movedFrom?: string }
  | { v: 1; op: 'edit'; at: string; entry: TimeEntry; previous: TimeEntry }
  | { v: 1; op: 'rm'; at: string; id: string; previous: TimeEntry; movedTo?: string };

const version: Check = (value) => value === 1;

const isAdd = shapeOf({ v: version, op: isString, at: isUtcInstant, entry: isTimeEntry, movedFrom: optional(isString) });
const isEdit = shapeOf({ v: version, op: isString, at: isUtcInstant, entry: isTimeEntry, previous: isTimeEntry });
const isRm = shapeOf({ v: version, op: isString, at: isUtcInstant, id: isString, previous: isTimeEntry, movedTo: optional(isString) });

export function isJournalRecord(value: unknown): value is JournalRecord {
  const op = (value as { op?: unknown } | null)?.op;
  if (op === 'add') return isAdd(value);
  if (op === 'edit') return isEdit(value);
  if (op === 'rm') return isRm(value);
  return false;
}
