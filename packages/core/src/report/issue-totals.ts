import { compareIssues } from '../aggregation/buckets.js';
import type { PeriodBucket } from '../model/bucket.js';

/** One person's share of an issue: a user id, or a pseudonym when the granularity policy asks for one. */
export interface IssueContributor {
  user: string;
  seconds: number;
  billableSeconds: number;
}

/**
 * What a provider publishes for one issue: time summed over every period and user of the team
 * layer. It holds nothing the team layer does not (no times of day, notes or hosts).
 */
export interface IssueTotals {
  issue: string;
  /** Tracked time. */
  seconds: number;
  /** Time after entry rounding, without non-billable entries. */
  billableSeconds: number;
  /** Sorted by user; empty unless `perUser` was asked for. */
  contributors: IssueContributor[];
}

export interface IssueTotalsOptions {
  /** Also split each issue's totals per user; default false (a provider shows per-person hours only when its options say so). */
  perUser?: boolean;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Totals per issue of the buckets a `publish` run reads from the team layer, issues in
 * `compareIssues` order (`9` before `10`). A pure function: the same buckets, in any order, give
 * the same totals, so a provider that compares them with what it published before writes only
 * when something changed.
 */
export function issueTotals(buckets: readonly PeriodBucket[], options: IssueTotalsOptions = {}): IssueTotals[] {
  const perIssue = new Map<string, { totals: IssueTotals; byUser: Map<string, IssueContributor> }>();
  for (const bucket of buckets) {
    let entry = perIssue.get(bucket.issue);
    if (!entry) {
      entry = { totals: { issue: bucket.issue, seconds: 0, billableSeconds: 0, contributors: [] }, byUser: new Map() };
      perIssue.set(bucket.issue, entry);
    }
    entry.totals.seconds += bucket.seconds;
    entry.totals.billableSeconds += bucket.billableSeconds;
    if (!options.perUser) continue;
    const contributor = entry.byUser.get(bucket.user) ?? { user: bucket.user, seconds: 0, billableSeconds: 0 };
    contributor.seconds += bucket.seconds;
    contributor.billableSeconds += bucket.billableSeconds;
    entry.byUser.set(bucket.user, contributor);
  }
  return [...perIssue.values()]
    .map(({ totals, byUser }) => ({ ...totals, contributors: [...byUser.values()].sort((a, b) => byText(a.user, b.user)) }))
    .sort((a, b) => compareIssues(a.issue, b.issue));
}
