import { flowForgeError, ISSUE_PATTERN, isValidLocalDay, parseDuration, parseTimeInput } from '@flowforge/core/lite';
import type { TrackingContext } from './tracking-context.js';

/** `#123` and `123` are the same issue, as on GitHub. */
export function checkedIssue(value: string): string {
  const issue = value.replace(/^#/, '');
  if (!ISSUE_PATTERN.test(issue)) throw flowForgeError('FF_BAD_ISSUE', { value });
  return issue;
}

/** A TIME option (`HH:MM`, `YYYY-MM-DDTHH:MM` or an ISO instant) in the user's zone; `undefined` when absent. */
export function timeOption(option: string, value: unknown, context: Pick<TrackingContext, 'nowMs' | 'zone'>): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseTimeInput(String(value), { nowMs: context.nowMs, zone: context.zone });
  if (ms === null) throw flowForgeError('FF_BAD_TIME', { option, value: String(value) });
  return ms;
}

export function dayOption(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidLocalDay(String(value))) throw flowForgeError('FF_BAD_DAY', { option, value: String(value) });
  return String(value);
}

export function durationOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = parseDuration(String(value));
  if (seconds === null || seconds <= 0) throw flowForgeError('FF_BAD_DURATION', { value: String(value) });
  return seconds;
}
