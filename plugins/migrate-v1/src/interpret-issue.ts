/**
 * One v1 issue → imported sessions, findings and integrity contributions.
 *
 * The policy, in the order it is applied:
 * 1. Valid stamps are the truth: a session lasts `end - start`. The recorded `duration` only
 *    decides its own unit there (hours if it matches to 0.01 h, seconds if to the second). A
 *    duration that matches in neither unit leaves the stamps in charge but flags the row as
 *    unexplained; a negative or garbled one (`"-3h -38m"`) means the script saw other times than
 *    the stamps show, so the stamps count only when v1's issue total confirms them.
 * 2. A bare duration without two valid stamps takes its unit from v1's issue totals, and only
 *    when exactly one reading agrees with them; otherwise it is ambiguous and not imported.
 * 3. A broken stamp is replaced only when the evidence agrees: a garbled stamp's readable part
 *    when the span matches the recorded duration; a missing stamp as the other one ± a duration
 *    of known unit. Two unusable stamps place nothing in time.
 * 4. Stale clean-ups, zero-length sessions and running timers are never billed, always reported.
 * 5. v1's issue totals are checked against its sessions; a disagreement that no later session
 *    explains is flagged, since nobody can tell which side is right.
 */
import { formatDuration } from '@flowforge/core/internal';
import { agreeingEvidence, decideUnitFromTotals, describeEvidence, evidenceOf, type UnitDecision } from './issue-evidence.js';
import {
  describeReadings,
  describeRecorded,
  type DurationUnit,
  EXPLICIT_TOLERANCE_SECONDS,
  readRecordedDuration,
  type RecordedDuration,
  secondsIn,
  toleranceOf,
  unitsMatchingSpan,
} from './recorded-duration.js';
import { describeStamp, formatStamp, readStamp, type StampReading } from './stamp.js';
import { type Finding, type MigratedSession, NO_USER } from './types.js';
import type { V1Issue, V1Session } from './v1-schema.js';
import type { Cause, Contribution, Remark } from './v1-totals.js';

export interface IssueInterpretation {
  sessions: MigratedSession[];
  findings: Finding[];
  contributions: Contribution[];
  remarks: Remark[];
}

/** What one session says, read once. */
interface SessionFacts {
  index: number;
  session: V1Session;
  user: string;
  start: StampReading;
  end: StampReading;
  duration: RecordedDuration;
  /** `end - start` when both stamps can be read at all (valid or candidate). */
  span?: number;
  /** The unit in which the duration matches the span. */
  unitFromStamps?: DurationUnit;
}

interface Outcome {
  cause: Cause;
  /** Epoch seconds of the imported stretch. */
  imported?: { start: number; end: number };
  finding?: Omit<Finding, 'issue' | 'user' | 'index'>;
}

const DAY_SECONDS = 86_400;

export function interpretIssue(issue: V1Issue, now: number | undefined): IssueInterpretation {
  const result: IssueInterpretation = { sessions: [], findings: [], contributions: [], remarks: [] };
  const evidence = evidenceOf(issue.totals);
  const facts: SessionFacts[] = [];
  issue.sessions.forEach((session, index) => {
    if (session) facts.push(readFacts(session, index));
    else {
      result.findings.push({
        kind: 'unreadable-session',
        issue: issue.key,
        index,
        message: `session ${index} of #${issue.key} is not a session object; nothing was imported from it`,
      });
    }
  });

  // Bare numbers the stamps could not place; v1's totals may decide their unit, all at once.
  const undecidedValues = facts.flatMap((fact) =>
    fact.duration.kind === 'number' && fact.duration.value > 0 && !fact.unitFromStamps ? [fact.duration.value] : [],
  );
  const unitDecision =
    undecidedValues.length === 0
      ? undefined
      : decideUnitFromTotals(evidence, sum(facts, (fact) => knownSeconds(fact, undefined) ?? 0), undecidedValues, facts.length);
  const recordedOf = (fact: SessionFacts) => recordedSeconds(fact, unitDecision);

  for (const fact of facts) {
    const outcome = decide(fact, {
      issue,
      unitDecision,
      /** Whether v1's exact totals agree with this session lasting `span` and the others as recorded. */
      totalsConfirm: (span: number) => {
        const others = facts.filter((other) => other !== fact);
        if (others.some((other) => knownSeconds(other, unitDecision) === undefined && other.duration.kind === 'number')) return [];
        const exact = evidence.filter((total) => total.exact);
        return agreeingEvidence(exact, sum(others, recordedOf) + span, facts.length).map((total) => total.label);
      },
    });
    const imported = outcome.imported ? outcome.imported.end - outcome.imported.start : 0;
    result.contributions.push({ user: fact.user, issue: issue.key, cause: outcome.cause, recordedSeconds: recordedOf(fact), importedSeconds: imported });
    if (outcome.finding) {
      result.findings.push({ ...outcome.finding, issue: issue.key, user: fact.user, index: fact.index });
    }
    if (outcome.imported) result.sessions.push(toMigratedSession(issue.key, fact, outcome.imported));
  }

  crossCheckTotals(issue, facts, evidence, unitDecision, result);
  reportRunningTimer(issue, now, result);
  if (issue.staleCleanup && !facts.some((fact) => fact.session.staleCleanup)) {
    result.findings.push({
      kind: 'stale-cleanup',
      issue: issue.key,
      message: `v1 cleaned up a stale timer on #${issue.key}${describeCleanup(issue)} and kept none of its time; if it was work, add it with \`flowforge add ${issue.key}\``,
    });
  }
  return result;
}

function readFacts(session: V1Session, index: number): SessionFacts {
  const start = readStamp(session.start);
  const end = readStamp(session.end);
  const duration = readRecordedDuration(session.duration);
  const startSeconds = readableSeconds(start);
  const endSeconds = readableSeconds(end);
  const span = startSeconds === undefined || endSeconds === undefined ? undefined : endSeconds - startSeconds;
  const unitFromStamps =
    span !== undefined && span > 0 && duration.kind === 'number'
      ? unitsMatchingSpan(duration.value, span)[0]
      : undefined;
  return {
    index,
    session,
    user: session.user ?? NO_USER,
    start,
    end,
    duration,
    ...(span === undefined ? {} : { span }),
    ...(unitFromStamps === undefined ? {} : { unitFromStamps }),
  };
}

/** The instant of a valid or candidate stamp. */
function readableSeconds(stamp: StampReading): number | undefined {
  return stamp.kind === 'valid' || stamp.kind === 'candidate' ? stamp.seconds : undefined;
}

/** The recorded duration in seconds when its unit is known (zero needs none). */
function knownSeconds(fact: SessionFacts, unitDecision: UnitDecision | undefined): number | undefined {
  const { duration } = fact;
  if (duration.kind === 'explicit') return duration.seconds;
  if (duration.kind !== 'number') return undefined;
  if (duration.value === 0) return 0;
  const unit = fact.unitFromStamps ?? unitDecision?.unit;
  return unit === undefined ? undefined : secondsIn(duration.value, unit);
}

/** What the v1 column counts: the decided reading, else hours (v1's documented unit), else nothing. */
function recordedSeconds(fact: SessionFacts, unitDecision: UnitDecision | undefined): number {
  const known = knownSeconds(fact, unitDecision);
  if (known !== undefined) return known;
  return fact.duration.kind === 'number' ? secondsIn(fact.duration.value, 'hours') : 0;
}

interface DecisionContext {
  issue: V1Issue;
  unitDecision: UnitDecision | undefined;
  totalsConfirm(span: number): string[];
}

function decide(fact: SessionFacts, context: DecisionContext): Outcome {
  const { start, end, duration, span } = fact;
  const recorded = describeRecorded(duration);
  if (fact.session.staleCleanup) {
    return {
      cause: 'stale-cleanup',
      finding: {
        kind: 'stale-cleanup',
        message: `stale-timer clean-up${describeCleanup(context.issue)}: v1 recorded ${recorded} for a timer it found running; not billed. If it was work, add the real time with \`flowforge add ${context.issue.key}\``,
        ...(span !== undefined && span > 0 ? { seconds: span } : {}),
      },
    };
  }
  if (fact.user === NO_USER) {
    return { cause: 'unreadable', finding: { kind: 'unreadable-session', message: `session names no user (recorded ${recorded}); not imported` } };
  }
  const stamps = `${describeStamp(start)} → ${describeStamp(end)}`;
  if (start.kind === 'valid' && end.kind === 'valid' && span !== undefined) {
    if (span < 0) {
      return broken(`end is ${formatDuration(-span)} before start (${stamps}), recorded ${recorded}: one stamp is wrong (v1's time-zone bug) and nothing tells which; not imported. Add the real time with \`flowforge add ${context.issue.key}\``);
    }
    if (span === 0) return zeroLength(stamps, recorded);
    if (duration.kind === 'broken') {
      // A negative or garbled duration means the script saw other times than the stamps show.
      const confirmedBy = context.totalsConfirm(span);
      if (confirmedBy.length > 0) {
        return salvaged({ start: start.seconds, end: end.seconds }, `duration ${recorded} is not a usable duration; the stamps (${stamps}, ${formatDuration(span)}) agree with ${confirmedBy.join(', ')}`);
      }
      return broken(`duration ${recorded} contradicts the stamps (${stamps}, ${formatDuration(span)}) and no issue total settles it; not imported`);
    }
    const imported = { start: start.seconds, end: end.seconds };
    if (duration.kind === 'missing') return { cause: 'no-duration', imported };
    const known = knownSeconds(fact, context.unitDecision);
    const agrees =
      fact.unitFromStamps !== undefined ||
      (duration.kind === 'explicit' && Math.abs(duration.seconds - span) <= EXPLICIT_TOLERANCE_SECONDS);
    if (agrees) return { cause: 'stamps', imported };
    const readings = duration.kind === 'number' ? describeReadings(duration.value) : `${recorded} = ${formatDuration(known ?? 0)}`;
    return {
      cause: 'stamps-disagree',
      imported,
      finding: {
        kind: 'duration-mismatch',
        message: `recorded duration ${readings}, but the stamps (${stamps}) give ${formatDuration(span)}; imported from the stamps. Check which is right`,
        seconds: span,
      },
    };
  }

  // At least one stamp is missing or broken: the recorded duration is the only other witness.
  if (duration.kind === 'missing' || duration.kind === 'broken') {
    return broken(`stamps ${stamps} with ${recorded === 'no duration' ? 'no duration' : `duration ${recorded}`} to check them against; not imported`);
  }
  const known = knownSeconds(fact, context.unitDecision);
  if (known === undefined) {
    // Only a bare number lacks a unit.
    const readings = duration.kind === 'number' ? describeReadings(duration.value) : recorded;
    if (span !== undefined) {
      return broken(`stamps ${stamps} span ${describeSpan(span)}, but the recorded duration matches that in neither unit (${readings}); not imported`);
    }
    return {
      cause: 'ambiguous',
      finding: {
        kind: 'ambiguous-unit',
        message: `duration ${readings}; without two usable stamps (${stamps}) only v1's issue totals could tell, and none agrees with exactly one reading; not imported. Add it with \`flowforge add ${context.issue.key} --duration …\``,
      },
    };
  }
  if (known === 0) return zeroLength(stamps, recorded);
  const unitWitness = witnessOf(fact, context.unitDecision);
  const first = readableSeconds(start);
  const last = readableSeconds(end);
  if (first !== undefined && last !== undefined) {
    // Both stamps readable, at least one only as a candidate: the span must match the duration.
    const candidateSpan = last - first;
    const unit = fact.unitFromStamps ?? context.unitDecision?.unit;
    const tolerance = duration.kind === 'explicit' || unit === undefined ? EXPLICIT_TOLERANCE_SECONDS : toleranceOf(unit);
    if (candidateSpan > 0 && Math.abs(candidateSpan - known) <= tolerance) {
      const because = fact.unitFromStamps || !context.unitDecision ? '' : ` according to ${context.unitDecision.because}`;
      const reading = duration.kind === 'number' ? ` read as ${unit}${because}` : '';
      return salvaged({ start: first, end: last }, `stamps ${stamps} read as ${formatStamp(first)} → ${formatStamp(last)}: the span ${formatDuration(candidateSpan)} agrees with the recorded ${recorded}${reading}`);
    }
    return broken(`stamps ${stamps} span ${describeSpan(candidateSpan)}, which disagrees with the recorded ${recorded} (${formatDuration(known)}${unitWitness}); not imported`);
  }
  if (start.kind === 'valid') {
    return salvaged({ start: start.seconds, end: start.seconds + known }, `end ${describeStamp(end)}: end = start + recorded ${recorded} (${formatDuration(known)}${unitWitness})`);
  }
  if (end.kind === 'valid') {
    return salvaged({ start: end.seconds - known, end: end.seconds }, `start ${describeStamp(start)}: start = end − recorded ${recorded} (${formatDuration(known)}${unitWitness})`);
  }
  return broken(`no usable stamp (${stamps}) to place the recorded ${recorded} (${formatDuration(known)}) in time; not imported. Add it with \`flowforge add ${context.issue.key}\``);
}

/** `, unit hours from total_hours 3.75`: how a bare number got its unit, for findings. */
function witnessOf(fact: SessionFacts, unitDecision: UnitDecision | undefined): string {
  if (fact.duration.kind !== 'number' || fact.unitFromStamps) return '';
  return unitDecision ? `, ${unitDecision.unit} according to ${unitDecision.because}` : '';
}

/** `1h30m`, or `-20m` when the end is before the start. */
function describeSpan(span: number): string {
  return span < 0 ? `-${formatDuration(-span)}` : formatDuration(span);
}

function broken(message: string): Outcome {
  return { cause: 'broken', finding: { kind: 'broken-stamp', message } };
}

function salvaged(imported: { start: number; end: number }, message: string): Outcome {
  return { cause: 'salvaged', imported, finding: { kind: 'salvaged-stamp', message: `${message}; imported`, seconds: imported.end - imported.start } };
}

function zeroLength(stamps: string, recorded: string): Outcome {
  return { cause: 'zero-length', finding: { kind: 'zero-length', message: `session ${stamps} lasted no time (recorded ${recorded}); not imported` } };
}

function toMigratedSession(issue: string, fact: SessionFacts, stretch: { start: number; end: number }): MigratedSession {
  const note = [fact.session.notes, fact.session.reason].map((text) => text?.trim()).filter(Boolean).join('; ');
  return {
    issue,
    user: fact.user,
    start: formatStamp(stretch.start),
    end: formatStamp(stretch.end),
    seconds: stretch.end - stretch.start,
    billable: true,
    ...(note ? { note } : {}),
    source: { key: issue, index: fact.index },
  };
}

function describeCleanup(issue: V1Issue): string {
  const { cleanedAt, reason } = issue.staleCleanup ?? {};
  return [cleanedAt ? ` at ${cleanedAt}` : '', reason ? ` (${reason})` : ''].join('');
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

/**
 * v1's own totals against its sessions. `stop` wrote `total_hours` from the sessions it had; a
 * timer restarted after `stop` adds sessions without rewriting it, which is explained when the
 * total matches the sessions up to `completed_at`. Any other disagreement means the file was
 * edited or merged by hand, and no rule can say which side is right.
 */
function crossCheckTotals(
  issue: V1Issue,
  facts: readonly SessionFacts[],
  evidence: ReturnType<typeof evidenceOf>,
  unitDecision: UnitDecision | undefined,
  result: IssueInterpretation,
): void {
  const exact = evidence.filter((total) => total.exact);
  const uncertain = facts.some(
    (fact) => fact.duration.kind === 'broken' || (fact.duration.kind === 'number' && knownSeconds(fact, unitDecision) === undefined),
  );
  if (exact.length === 0 || uncertain || facts.length < issue.sessions.length) return;
  const recorded = (fact: SessionFacts) => recordedSeconds(fact, unitDecision);
  const total = sum(facts, recorded);
  const disagreeing = exact.filter((candidate) => !agreeingEvidence([candidate], total, facts.length).length);
  if (disagreeing.length === 0) return;
  const users = [...new Set(facts.map((fact) => fact.user))];
  const completedAt = readStamp(issue.completedAt);
  if (completedAt.kind === 'valid') {
    const before = facts.filter((fact) => fact.end.kind === 'valid' && fact.end.seconds <= completedAt.seconds);
    const atCompletion = sum(before, recorded);
    if (disagreeing.every((candidate) => agreeingEvidence([candidate], atCompletion, before.length).length > 0)) {
      const later = facts.filter((fact) => !before.includes(fact));
      for (const user of new Set(later.map((fact) => fact.user))) {
        result.remarks.push({
          user,
          issue: issue.key,
          explained: true,
          text: `v1 wrote ${disagreeing.map((candidate) => candidate.label).join(', ')} at completion (${formatStamp(completedAt.seconds)}); sessions after it are imported too`,
        });
      }
      return;
    }
  }
  const text = `v1's ${disagreeing.map(describeEvidence).join(' and ')} disagrees with its sessions, which sum to ${formatDuration(total)}: the file was edited or merged by hand; check which is right before billing`;
  result.findings.push({ kind: 'total-mismatch', issue: issue.key, message: text });
  for (const user of users) result.remarks.push({ user, issue: issue.key, text, explained: false });
}

/** A timer v1 never stopped is not billable time until someone confirms it (variant 7). */
function reportRunningTimer(issue: V1Issue, now: number | undefined, result: IssueInterpretation): void {
  const current = issue.currentSession;
  if (current === undefined) return;
  const user = current === 'unreadable' ? NO_USER : (current.user ?? NO_USER);
  const start = current === 'unreadable' ? ({ kind: 'missing' } as const) : readStamp(current.start);
  const since = start.kind === 'valid' || start.kind === 'candidate' ? start.seconds : undefined;
  const nowSeconds = now === undefined ? undefined : Math.floor(now / 1000);
  const age = since !== undefined && nowSeconds !== undefined && nowSeconds >= since ? nowSeconds - since : undefined;
  const days = age === undefined ? 0 : Math.floor(age / DAY_SECONDS);
  const ageText = age === undefined || nowSeconds === undefined ? '' : ` (${days} day${days === 1 ? '' : 's'} before ${formatStamp(nowSeconds)})`;
  const started = since === undefined ? `with an unreadable start ${describeStamp(start)}` : `at ${describeStamp(start)}${ageText}`;
  const message = `v1 timer on #${issue.key} started ${started} was never stopped (status ${issue.status ?? 'missing'}); not billed. If it was work, add the real time with \`flowforge add ${issue.key} --from … --to …\``;
  result.findings.push({ kind: 'orphaned-timer', issue: issue.key, user, message, ...(age === undefined ? {} : { seconds: age }) });
  result.remarks.push({ user, issue: issue.key, explained: true, text: `v1 timer started ${started} never stopped: not billed until confirmed` });
}
