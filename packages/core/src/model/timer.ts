import { ISSUE_PATTERN, isUtcInstant } from './entry.js';
import { type Check, hasShape, isCount, isString, matches, optional } from './shape.js';

/**
 * `time/current.json`: the running timer and the paused ones. Every closed stretch is already an
 * entry in the daily log; only the open stretch of the active timer lives here, with the id its
 * entry will have, so that a crash between writing the entry and this file never bills it twice.
 */
export interface ActiveTimer {
  issue: string;
  since: string;
  entryId: string;
  /** Seconds this timer tracked before its last resume. */
  priorSeconds: number;
  note?: string;
}

export interface PausedTimer {
  issue: string;
  /** Seconds tracked on this timer since it was started, across pauses. */
  seconds: number;
  pausedAt: string;
  note?: string;
  reason?: string;
}

export interface TimerState {
  v: 1;
  active: ActiveTimer | null;
  paused: PausedTimer[];
}

export const EMPTY_TIMER_STATE: TimerState = { v: 1, active: null, paused: [] };

const isIssue = matches(ISSUE_PATTERN);
const isActive: Check = (value) =>
  value === null || hasShape(value, { issue: isIssue, since: isUtcInstant, entryId: isString, priorSeconds: isCount, note: optional(isString) });
const isPaused: Check = (value) =>
  hasShape(value, { issue: isIssue, seconds: isCount, pausedAt: isUtcInstant, note: optional(isString), reason: optional(isString) });

export function isTimerState(value: unknown): value is TimerState {
  return hasShape(value, { v: (v) => v === 1, active: isActive, paused: (list) => Array.isArray(list) && list.every(isPaused) });
}
