import { z } from 'zod';

/** ISO-8601 UTC instants with whole seconds, as every FlowForge file stores them. */
export const utcInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, { error: 'expected a UTC instant YYYY-MM-DDTHH:MM:SSZ' });

export const ISSUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** One stretch of tracked time in a developer's private layer. */
export const timeEntrySchema = z.strictObject({
  id: z.string().regex(/^[0-9a-z]{6,12}$/),
  issue: z.string().regex(ISSUE_PATTERN),
  start: utcInstant,
  end: utcInstant,
  billable: z.boolean(),
  note: z.string().optional(),
});

export type TimeEntry = z.output<typeof timeEntrySchema>;
