import type { EntryPiece, RoundingPolicy } from '../hooks.js';
import type { PeriodBucket } from '../model/bucket.js';
import type { TimeEntry } from '../model/entry.js';
import { type Granularity, periodOf } from '../time/period.js';
import { roundSeconds } from '../time/rounding.js';
import { splitAtLocalMidnight } from '../time/split.js';

/** Every entry cut at local midnights (docs/tracking.md): the pieces are what days are billed from. */
export function piecesOf(entries: readonly TimeEntry[], zone: string): EntryPiece[] {
  return entries.flatMap((entry) =>
    splitAtLocalMidnight(Date.parse(entry.start), Date.parse(entry.end), zone).map((piece) => ({
      entryId: entry.id,
      issue: entry.issue,
      day: piece.day,
      seconds: piece.seconds,
      billable: entry.billable,
    })),
  );
}

/**
 * Sums pieces into buckets per issue × period. With `scope: 'entry'` rounding, each entry's time
 * within a period is rounded before it is added, as Toggl and Kimai round time entries; `bucket`
 * rounding is left to the report, which rounds each user × issue × period sum.
 */
export function bucketsOf(pieces: readonly EntryPiece[], user: string, granularity: Granularity, rounding: RoundingPolicy | null): PeriodBucket[] {
  const perEntry = new Map<string, { issue: string; period: string; seconds: number; billable: boolean }>();
  for (const piece of pieces) {
    const period = periodOf(piece.day, granularity);
    const key = `${piece.entryId}\u0000${period}`;
    const part = perEntry.get(key) ?? { issue: piece.issue, period, seconds: 0, billable: piece.billable };
    part.seconds += piece.seconds;
    perEntry.set(key, part);
  }
  const buckets = new Map<string, PeriodBucket>();
  for (const part of perEntry.values()) {
    const key = `${part.period}\u0000${part.issue}`;
    const bucket = buckets.get(key) ?? { user, issue: part.issue, period: part.period, seconds: 0, billableSeconds: 0, entries: 0 };
    bucket.seconds += part.seconds;
    if (part.billable)
      bucket.billableSeconds += rounding?.scope === 'entry' ? roundSeconds(part.seconds, rounding.incrementSeconds, rounding.mode) : part.seconds;
    bucket.entries += 1;
    buckets.set(key, bucket);
  }
  return [...buckets.values()].sort(compareBuckets);
}

/** A total order that is the same on every machine (no locale): team files must be byte-identical. */
export function compareBuckets(a: PeriodBucket, b: PeriodBucket): number {
  return compareText(a.user, b.user) || compareText(a.period, b.period) || compareIssues(a.issue, b.issue);
}

/** Issue keys in numeric order where both are numbers (`9` before `10`), else by code point. */
export function compareIssues(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b) || compareText(a, b);
  return compareText(a, b);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
