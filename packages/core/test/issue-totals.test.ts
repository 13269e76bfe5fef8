import { describe, expect, it } from 'vitest';
import type { PeriodBucket } from '../src/model/bucket.js';
import { issueTotals } from '../src/report/issue-totals.js';

const bucket = (user: string, issue: string, period: string, seconds: number, billableSeconds = seconds): PeriodBucket => ({
  user,
  issue,
  period,
  seconds,
  billableSeconds,
  entries: 1,
});

const BUCKETS = [
  bucket('bob', '42', '2026-11-04', 3_600),
  bucket('alice', '10', '2026-11-02', 600, 900),
  bucket('alice', '42', '2026-11-02', 5_400, 5_400),
  bucket('alice', '42', '2026-11-03', 3_600, 4_500),
  bucket('alice', '9', '2026-11-02', 1_800, 0),
];

describe('issueTotals', () => {
  it('sums every user and period per issue, issues in numeric order, without contributors unless asked', () => {
    expect(issueTotals(BUCKETS)).toEqual([
      { issue: '9', seconds: 1_800, billableSeconds: 0, contributors: [] },
      { issue: '10', seconds: 600, billableSeconds: 900, contributors: [] },
      { issue: '42', seconds: 12_600, billableSeconds: 13_500, contributors: [] },
    ]);
  });

  it('splits each issue per user, sorted by user, when perUser is set', () => {
    expect(issueTotals(BUCKETS, { perUser: true }).find((totals) => totals.issue === '42')?.contributors).toEqual([
      { user: 'alice', seconds: 9_000, billableSeconds: 9_900 },
      { user: 'bob', seconds: 3_600, billableSeconds: 3_600 },
    ]);
  });

  it('does not depend on the order of the buckets, and gives nothing for nothing', () => {
    expect(issueTotals([...BUCKETS].reverse(), { perUser: true })).toEqual(issueTotals(BUCKETS, { perUser: true }));
    expect(issueTotals([])).toEqual([]);
  });
});
