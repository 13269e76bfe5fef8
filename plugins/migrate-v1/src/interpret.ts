/**
 * The v1 importer's heart: a pure, deterministic reading of a parsed `.task-times.json`.
 * The same content gives the same output, byte for byte, whatever the key order of the file,
 * so two people migrating the same file write identical history (no conflicts, no double count).
 */
import { interpretIssue } from './interpret-issue.js';
import { compareIssueKeys, compareText } from './order.js';
import { findOverlaps } from './overlaps.js';
import type { Finding, InterpretOptions, MigratedSession, V1Interpretation } from './types.js';
import { readV1Document } from './v1-schema.js';
import { buildV1Totals, type Contribution, type Remark } from './v1-totals.js';

/**
 * Interprets v1 data (see `reference/v1-format.md` and the policy in `interpret-issue.ts`).
 * Throws a `TypeError` only when `json` is not an object; everything else becomes a finding.
 */
export function interpretV1(json: unknown, options: InterpretOptions = {}): V1Interpretation {
  const document = readV1Document(json);
  const sessions: MigratedSession[] = [];
  const findings: Finding[] = document.skipped.map(({ key, why }) => ({
    kind: 'skipped-key',
    message: `top-level key ${JSON.stringify(key)} skipped: ${why}`,
  }));
  const contributions: Contribution[] = [];
  const remarks: Remark[] = [];
  for (const issue of document.issues) {
    const result = interpretIssue(issue, options.now);
    sessions.push(...result.sessions);
    findings.push(...result.findings);
    contributions.push(...result.contributions);
    remarks.push(...result.remarks);
  }
  sessions.sort(compareSessions);
  findings.push(...findOverlaps(sessions));
  findings.sort(compareFindings);
  return { sessions, findings, v1Totals: buildV1Totals(contributions, remarks) };
}

function compareSessions(a: MigratedSession, b: MigratedSession): number {
  return (
    compareText(a.user, b.user) ||
    compareIssueKeys(a.issue, b.issue) ||
    compareText(a.start, b.start) ||
    a.source.index - b.source.index
  );
}

/** Skipped keys (no issue) first, then by issue, user, index, kind and message. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    compareOptional(a.issue, b.issue, compareIssueKeys) ||
    compareOptional(a.user, b.user, compareText) ||
    (a.index ?? -1) - (b.index ?? -1) ||
    compareText(a.kind, b.kind) ||
    compareText(a.message, b.message)
  );
}

function compareOptional(a: string | undefined, b: string | undefined, compare: (a: string, b: string) => number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compare(a, b);
}
