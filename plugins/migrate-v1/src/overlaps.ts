/**
 * Overlapping sessions of one user. v1 paused other issues only within one terminal's instance,
 * so several terminals could run timers at once: both sessions are real records and are imported,
 * but a person should see them before billing twice for the same hour.
 */
import { formatDuration } from '@flowforge/core/internal';
import { compareIssueKeys, compareText } from './order.js';
import type { Finding, MigratedSession } from './types.js';

/**
 * One finding per session that starts before the latest end seen so far for its user, naming
 * that session: every overlapping session is reported at least once (sweep by start per user).
 */
export function findOverlaps(sessions: readonly MigratedSession[]): Finding[] {
  const findings: Finding[] = [];
  const byUserAndStart = [...sessions].sort(
    (a, b) =>
      compareText(a.user, b.user) ||
      compareText(a.start, b.start) ||
      compareText(a.end, b.end) ||
      compareIssueKeys(a.issue, b.issue) ||
      a.source.index - b.source.index,
  );
  let latest: MigratedSession | undefined;
  for (const session of byUserAndStart) {
    if (latest && latest.user === session.user && session.start < latest.end) {
      const overlapEnd = session.end < latest.end ? session.end : latest.end;
      const seconds = (Date.parse(overlapEnd) - Date.parse(session.start)) / 1000;
      findings.push({
        kind: 'overlap',
        issue: session.issue,
        user: session.user,
        index: session.source.index,
        seconds,
        message: `${session.start} → ${session.end} overlaps session ${latest.source.index} of #${latest.issue} (${latest.start} → ${latest.end}) by ${formatDuration(seconds)}: v1 ran timers in several terminals; both imported, check before billing`,
      });
    }
    if (!latest || latest.user !== session.user || session.end > latest.end) latest = session;
  }
  return findings;
}
