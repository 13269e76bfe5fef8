import { z } from 'zod';
import { timeEntrySchema, utcInstant } from './entry.js';

/**
 * The records of a daily log (`time/daily/<UTC day>.jsonl`). The log is append-only: an edit or a
 * removal is a new record that carries the previous version, so every correction stays auditable.
 * `at` is when the change was made.
 */
export const journalRecordSchema = z.discriminatedUnion('op', [
  z.strictObject({ v: z.literal(1), op: z.literal('add'), at: utcInstant, entry: timeEntrySchema, movedFrom: z.string().optional() }),
  z.strictObject({ v: z.literal(1), op: z.literal('edit'), at: utcInstant, entry: timeEntrySchema, previous: timeEntrySchema }),
  z.strictObject({
    v: z.literal(1),
    op: z.literal('rm'),
    at: utcInstant,
    id: z.string(),
    previous: timeEntrySchema,
    movedTo: z.string().optional(),
  }),
]);

export type JournalRecord = z.output<typeof journalRecordSchema>;
