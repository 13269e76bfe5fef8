/**
 * The `duration` field of a v1 session. The canonical script wrote decimal hours with two
 * decimals (`0.67` for 40 minutes); a fork wrote whole seconds (`8090`) in the same field; a
 * time-zone bug wrote strings such as `"-3h -38m"`. A bare number therefore has no unit until
 * evidence gives it one.
 */
import { formatDuration, parseDuration } from '@flowforge/core/internal';

export type DurationUnit = 'hours' | 'seconds';

export type RecordedDuration =
  /** A non-negative number whose unit is not known yet. */
  | { kind: 'number'; value: number }
  /** A positive duration with its units written out (`"2h 15m"`). */
  | { kind: 'explicit'; seconds: number; raw: string }
  /** Negative or unreadable: it proves that something went wrong when the session was written. */
  | { kind: 'broken'; raw: string }
  | { kind: 'missing' };

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** Two decimals of an hour are 36 s; rounding (0.67 for 40 min) errs by half of that, truncation by all of it. */
export const HOURS_TOLERANCE_SECONDS = 36;
/** Seconds came from subtracting epoch seconds: exact, but allow one for a stamp taken a tick later. */
export const SECONDS_TOLERANCE_SECONDS = 1;
/** Explicit strings were written to the minute (`3h 38m`). */
export const EXPLICIT_TOLERANCE_SECONDS = 60;

export function readRecordedDuration(value: unknown): RecordedDuration {
  if (value === undefined || value === null || value === '') return { kind: 'missing' };
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? { kind: 'number', value } : { kind: 'broken', raw: String(value) };
  }
  if (typeof value !== 'string') return { kind: 'broken', raw: JSON.stringify(value) };
  const text = value.trim();
  if (DECIMAL.test(text)) return { kind: 'number', value: Number(text) };
  const seconds = parseDuration(text);
  return seconds === null ? { kind: 'broken', raw: value } : { kind: 'explicit', seconds, raw: value };
}

/** Whole seconds of `value` read in `unit`. */
export function secondsIn(value: number, unit: DurationUnit): number {
  return Math.round(unit === 'hours' ? value * 3600 : value);
}

export function toleranceOf(unit: DurationUnit): number {
  return unit === 'hours' ? HOURS_TOLERANCE_SECONDS : SECONDS_TOLERANCE_SECONDS;
}

/** The units in which `value` matches a span of `spanSeconds`, hours (v1's documented unit) first. */
export function unitsMatchingSpan(value: number, spanSeconds: number): DurationUnit[] {
  return (['hours', 'seconds'] as const).filter(
    (unit) => Math.abs(secondsIn(value, unit) - spanSeconds) <= toleranceOf(unit),
  );
}

/** Both readings of a bare number, so a person can decide: `2.5 = 2h30m if hours, 2.5s if seconds`. */
export function describeReadings(value: number): string {
  return `${value} = ${formatDuration(secondsIn(value, 'hours'))} if hours, ${formatDuration(value)} if seconds`;
}

/** The recorded value as a person reads it in a finding. */
export function describeRecorded(duration: RecordedDuration): string {
  switch (duration.kind) {
    case 'number':
      return String(duration.value);
    case 'explicit':
    case 'broken':
      return JSON.stringify(duration.raw);
    case 'missing':
      return 'no duration';
  }
}

/** `+1h`, `-12s`, `0s`: differences in tables and reasons. */
export function formatSignedDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  return `${seconds < 0 ? '-' : '+'}${formatDuration(Math.abs(seconds))}`;
}
