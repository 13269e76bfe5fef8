/**
 * The `--verify-integrity` rows: for every user × issue, what v1 recorded against what was imported,
 * with one reason line per cause. Causes are summed per row rather than listed per session, so a
 * row stays readable for a user with thousands of sessions; the findings hold the detail.
 */
import { formatDuration } from '@flowforge/core/internal';
import { compareIssueKeys, compareText } from './order.js';
import { formatSignedDuration } from './recorded-duration.js';
import type { V1Total } from './types.js';

/** Why a session's imported seconds are what they are. */
export type Cause =
  /** Imported from valid stamps; the recorded duration agrees up to v1's rounding. */
  | 'stamps'
  | 'no-duration'
  | 'stamps-disagree'
  | 'ambiguous'
  | 'broken'
  | 'salvaged'
  | 'zero-length'
  | 'stale-cleanup'
  | 'unreadable';

export interface Contribution {
  user: string;
  issue: string;
  cause: Cause;
  /** What v1 recorded for the session, in its decided unit. */
  recordedSeconds: number;
  importedSeconds: number;
}

/** A reason that is not a sum of sessions: a running timer, v1's own total disagreeing. */
export interface Remark {
  user: string;
  issue: string;
  text: string;
  explained: boolean;
}

interface CauseText {
  explained: boolean;
  /** A cause whose sessions changed nothing is still worth a line when a person must act on it. */
  showWhenEven: boolean;
  line(count: number, delta: string): string;
}

const s = (count: number) => (count === 1 ? '' : 's');

/** In display order. */
const CAUSES: Record<Cause, CauseText> = {
  stamps: {
    explained: true,
    showWhenEven: false,
    line: (n, d) => `${n} recorded duration${s(n)} rounded by v1; the stamps are exact: ${d}`,
  },
  'no-duration': {
    explained: true,
    showWhenEven: false,
    line: (n, d) => `${n} session${s(n)} without a recorded duration, imported from the stamps: ${d}`,
  },
  'stamps-disagree': {
    explained: false,
    showWhenEven: true,
    line: (n, d) => `${n} recorded duration${s(n)} match their stamps in neither hours nor seconds; imported from the stamps: ${d}`,
  },
  salvaged: {
    explained: true,
    showWhenEven: true,
    line: (n, d) => `${n} session${s(n)} with a broken stamp or duration repaired from agreeing evidence: ${d}`,
  },
  ambiguous: {
    explained: true,
    showWhenEven: true,
    line: (n, d) => `${n} session${s(n)} with a duration of ambiguous unit not imported (counted in v1 as hours): ${d}`,
  },
  broken: {
    explained: true,
    showWhenEven: true,
    line: (n, d) => `${n} session${s(n)} with broken stamps not imported: ${d}`,
  },
  'zero-length': {
    explained: true,
    showWhenEven: false,
    line: (n, d) => `${n} zero-length session${s(n)} not imported: ${d}`,
  },
  'stale-cleanup': {
    explained: true,
    showWhenEven: true,
    line: (n, d) => `${n} stale-timer clean-up${s(n)} not billed: ${d}`,
  },
  unreadable: {
    explained: true,
    showWhenEven: true,
    line: (n, d) => `${n} session${s(n)} naming no user not imported: ${d}`,
  },
};

interface Row {
  user: string;
  issue: string;
  v1Seconds: number;
  importedSeconds: number;
  causes: Map<Cause, { count: number; delta: number }>;
  remarks: Remark[];
}

export function buildV1Totals(contributions: Iterable<Contribution>, remarks: Iterable<Remark>): V1Total[] {
  const rows = new Map<string, Row>();
  const rowOf = (user: string, issue: string): Row => {
    const key = `${user}\u0000${issue}`;
    let row = rows.get(key);
    if (!row) {
      row = { user, issue, v1Seconds: 0, importedSeconds: 0, causes: new Map(), remarks: [] };
      rows.set(key, row);
    }
    return row;
  };
  for (const contribution of contributions) {
    const row = rowOf(contribution.user, contribution.issue);
    row.v1Seconds += contribution.recordedSeconds;
    row.importedSeconds += contribution.importedSeconds;
    const cause = row.causes.get(contribution.cause) ?? { count: 0, delta: 0 };
    cause.count += 1;
    cause.delta += contribution.importedSeconds - contribution.recordedSeconds;
    row.causes.set(contribution.cause, cause);
  }
  for (const remark of remarks) rowOf(remark.user, remark.issue).remarks.push(remark);
  return [...rows.values()]
    .sort((a, b) => compareText(a.user, b.user) || compareIssueKeys(a.issue, b.issue))
    .map(finishRow);
}

function finishRow(row: Row): V1Total {
  const lines: { text: string; explained: boolean }[] = [];
  for (const [cause, text] of Object.entries(CAUSES) as [Cause, CauseText][]) {
    const sum = row.causes.get(cause);
    if (sum && (sum.delta !== 0 || text.showWhenEven)) {
      lines.push({ text: text.line(sum.count, formatSignedDuration(sum.delta)), explained: text.explained });
    }
  }
  lines.push(...[...row.remarks].sort((a, b) => compareText(a.text, b.text)));
  return {
    user: row.user,
    issue: row.issue,
    v1Seconds: row.v1Seconds,
    importedSeconds: row.importedSeconds,
    differenceSeconds: row.importedSeconds - row.v1Seconds,
    reasons: lines.map((line) => (line.explained ? line.text : `unexplained: ${line.text}`)),
    explained: lines.every((line) => line.explained),
  };
}

/** `3h45m`, `0s`: totals as the table and reasons show them. */
export function formatTotal(seconds: number): string {
  return seconds === 0 ? '0s' : formatDuration(seconds);
}
