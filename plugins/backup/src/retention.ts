/** What retention needs to know of a snapshot. */
export interface RetentionCandidate {
  id: string;
  /** Creation order: higher is newer. */
  seq: number;
  /** Its files match its manifest. */
  good: boolean;
  records: number;
  seconds: number;
}

/**
 * A snapshot shrinks when it holds fewer daily-log records or fewer tracked seconds than the one
 * before it. Records only grow in normal use (an edit or a removal appends one), so fewer records
 * means a log was truncated or deleted; fewer seconds may be a deliberate `flowforge rm`. Either
 * way the larger snapshot must survive (Watson #499 lost a year to a backup overwritten by a
 * smaller file).
 */
export function isShrink(previous: { records: number; seconds: number }, next: { records: number; seconds: number }): boolean {
  return next.records < previous.records || next.seconds < previous.seconds;
}

/**
 * The ids to delete so that the newest `keep` snapshots remain, without ever deleting:
 * - the newest good snapshot (the newest ones may all be broken),
 * - the good snapshot with the most records, nor the one with the most seconds (newest on ties),
 *   so that no run of smaller snapshots can push the largest good one out.
 * Broken snapshots count towards `keep` like any other but are never protected.
 */
export function snapshotsToPrune(snapshots: readonly RetentionCandidate[], keep: number): string[] {
  const newestFirst = [...snapshots].sort((a, b) => b.seq - a.seq);
  const good = newestFirst.filter((snapshot) => snapshot.good);
  const largestBy = (key: 'records' | 'seconds') =>
    good.reduce<RetentionCandidate | undefined>((best, snapshot) => (best === undefined || snapshot[key] > best[key] ? snapshot : best), undefined);
  const protectedIds = new Set([good[0]?.id, largestBy('records')?.id, largestBy('seconds')?.id].filter((id) => id !== undefined));
  return newestFirst
    .slice(keep)
    .filter((snapshot) => !protectedIds.has(snapshot.id))
    .map((snapshot) => snapshot.id);
}
