/**
 * v1 timestamps. The v1 script wrote `date -u +%Y-%m-%dT%H:%M:%SZ`, so only that shape is taken
 * at face value. Anything else is a defect (BSD `date` has no `%N` and prints a literal `N`:
 * `2026-01-23T14:49:14.3NZ`) whose readable part is only a *candidate*: the interpreter uses it
 * when other evidence agrees, because a wrong stamp bills the wrong amount.
 */
import { parseIsoInstant, toUtcInstant } from '@flowforge/core/internal';

export type StampReading =
  /** The canonical v1 shape; `seconds` since the epoch. */
  | { kind: 'valid'; seconds: number }
  /** Not canonical, but a date-time can be read from it (to the whole second, as UTC). */
  | { kind: 'candidate'; seconds: number; raw: string }
  | { kind: 'broken'; raw: string }
  | { kind: 'missing' };

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** A valid date-time up to the seconds followed by anything: the part `date` got right. */
const LEADING_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})./;

export function readStamp(value: unknown): StampReading {
  if (value === undefined || value === null || value === '') return { kind: 'missing' };
  if (typeof value !== 'string') return { kind: 'broken', raw: JSON.stringify(value) };
  const exactMs = parseIsoInstant(value);
  if (CANONICAL.test(value)) return exactMs === null ? { kind: 'broken', raw: value } : { kind: 'valid', seconds: exactMs / 1000 };
  // Other ISO forms (fractions, offsets) name an instant, but v1 never wrote them: still a candidate.
  if (exactMs !== null) return { kind: 'candidate', seconds: Math.floor(exactMs / 1000), raw: value };
  // v1 always wrote UTC, so the leading date-time of a garbled stamp is read as UTC.
  const leading = LEADING_DATE_TIME.exec(value);
  const leadingMs = leading ? parseIsoInstant(`${leading[1]}Z`) : null;
  return leadingMs === null ? { kind: 'broken', raw: value } : { kind: 'candidate', seconds: leadingMs / 1000, raw: value };
}

/** Epoch seconds as FlowForge stores instants: `YYYY-MM-DDTHH:MM:SSZ`. */
export function formatStamp(seconds: number): string {
  return toUtcInstant(seconds * 1000);
}

/** How a reading is shown in findings: the raw text for defects, the instant otherwise. */
export function describeStamp(reading: StampReading): string {
  switch (reading.kind) {
    case 'valid':
      return formatStamp(reading.seconds);
    case 'candidate':
    case 'broken':
      return JSON.stringify(reading.raw);
    case 'missing':
      return 'missing';
  }
}
