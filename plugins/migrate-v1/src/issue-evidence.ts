/**
 * v1's own issue totals as evidence. A bare `duration` of a session without usable stamps has no
 * unit (variant 2); the totals v1 wrote beside the sessions can give it one, but only when exactly
 * one reading agrees with them: a guess would bill 2.5 hours as 2.5 seconds or the reverse.
 */
import { formatDuration } from '@flowforge/core/internal';
import { type DurationUnit, HOURS_TOLERANCE_SECONDS, SECONDS_TOLERANCE_SECONDS, secondsIn } from './recorded-duration.js';
import type { V1IssueTotals } from './v1-schema.js';

export interface TotalEvidence {
  /** The field as named in the file, with its value: `total_hours 3.75`. */
  label: string;
  seconds: number;
  /** Tolerance for a total over `count` sessions. */
  tolerance(count: number): number;
  /** `billable_hours` is rounded for billing: good enough to tell hours from seconds, not to check a sum. */
  exact: boolean;
}

/** The fork's billing rounded to quarter hours at most. */
const BILLING_ROUNDING_SECONDS = 900;

export function evidenceOf(totals: V1IssueTotals): TotalEvidence[] {
  const evidence: TotalEvidence[] = [];
  const perSession = (seconds: number) => (count: number) => seconds * Math.max(1, count);
  if (totals.totalTimeSeconds !== undefined) {
    evidence.push({ label: `total_time ${totals.totalTimeSeconds}`, seconds: Math.round(totals.totalTimeSeconds), tolerance: perSession(SECONDS_TOLERANCE_SECONDS), exact: true });
  }
  const hoursFields = [['total_hours', totals.totalHours], ['metrics.total_hours', totals.metricsTotalHours]] as const;
  for (const [name, hours] of hoursFields) {
    if (hours !== undefined) {
      evidence.push({ label: `${name} ${hours}`, seconds: secondsIn(hours, 'hours'), tolerance: perSession(HOURS_TOLERANCE_SECONDS), exact: true });
    }
  }
  if (totals.billableHours !== undefined) {
    evidence.push({
      label: `billable_hours ${totals.billableHours}`,
      seconds: secondsIn(totals.billableHours, 'hours'),
      tolerance: (count) => BILLING_ROUNDING_SECONDS + HOURS_TOLERANCE_SECONDS * Math.max(1, count),
      exact: false,
    });
  }
  return evidence;
}

/** The totals that a sum of `sumSeconds` over `count` sessions agrees with. */
export function agreeingEvidence(evidence: readonly TotalEvidence[], sumSeconds: number, count: number): TotalEvidence[] {
  return evidence.filter((total) => Math.abs(total.seconds - sumSeconds) <= total.tolerance(count));
}

export interface UnitDecision {
  unit: DurationUnit;
  /** Why, for findings: `total_time 8090`. */
  because: string;
}

/**
 * The one unit in which the undecided `values`, added to the `knownSeconds` of the issue's other
 * sessions, agree with v1's totals; `undefined` when no reading or both readings agree.
 */
export function decideUnitFromTotals(
  evidence: readonly TotalEvidence[],
  knownSeconds: number,
  values: readonly number[],
  count: number,
): UnitDecision | undefined {
  const decisions = (['hours', 'seconds'] as const).flatMap((unit) => {
    const sum = values.reduce((total, value) => total + secondsIn(value, unit), knownSeconds);
    const agreeing = agreeingEvidence(evidence, sum, count);
    return agreeing.length > 0 ? [{ unit, because: agreeing.map((total) => total.label).join(', ') }] : [];
  });
  return decisions.length === 1 ? decisions[0] : undefined;
}

/** `total_hours 5 (5h)`: a total and its reading, for messages. */
export function describeEvidence(total: TotalEvidence): string {
  return `${total.label} (${formatDuration(total.seconds)})`;
}
