import { z } from 'zod';
import { ISSUE_PATTERN, utcInstant } from './entry.js';

/**
 * `time/current.json`: the running timer and the paused ones. Every closed stretch is already an
 * entry in the daily log; only the open stretch of the active timer lives here, with the id its
 * entry will have, so that a crash between writing the entry and this file never bills it twice.
 */
export const timerStateSchema = z.strictObject({
  v: z.literal(1),
  active: z
    .strictObject({
      issue: z.string().regex(ISSUE_PATTERN),
      since: utcInstant,
      entryId: z.string(),
      /** Seconds this timer tracked before its last resume. */
      priorSeconds: z.number().int().nonnegative(),
      note: z.string().optional(),
    })
    .nullable(),
  paused: z.array(
    z.strictObject({
      issue: z.string().regex(ISSUE_PATTERN),
      /** Seconds tracked on this timer since it was started, across pauses. */
      seconds: z.number().int().nonnegative(),
      pausedAt: utcInstant,
      note: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});

export type TimerState = z.output<typeof timerStateSchema>;
export type ActiveTimer = NonNullable<TimerState['active']>;
export type PausedTimer = TimerState['paused'][number];

export const EMPTY_TIMER_STATE: TimerState = { v: 1, active: null, paused: [] };
