import { describe, expect, it } from 'vitest';
import { formatIntegrityTable, hasUnexplained, interpretV1 } from '../src/index.js';
import { NOW, sample } from './load.js';

describe('the shared canonical sample', () => {
  const result = interpretV1(sample('canonical.task-times.json'), { now: NOW });

  it('imports 101 as 3h45m and 102 as 40m from the stamps, with private notes and no instance ids', () => {
    expect(result.sessions).toEqual([
      { issue: '101', user: 'alice', start: '2025-08-04T08:00:00Z', end: '2025-08-04T09:30:00Z', seconds: 5400, billable: true, note: 'Lunch', source: { key: '101', index: 0 } },
      { issue: '101', user: 'alice', start: '2025-08-04T12:30:00Z', end: '2025-08-04T14:45:00Z', seconds: 8100, billable: true, source: { key: '101', index: 1 } },
      { issue: '102', user: 'bob', start: '2025-08-05T07:15:00Z', end: '2025-08-05T07:55:00Z', seconds: 2400, billable: true, note: 'Break', source: { key: '102', index: 0 } },
    ]);
  });

  it('bills nothing for the running timer on 103 and reports it with its age', () => {
    expect(result.findings).toEqual([
      {
        kind: 'orphaned-timer',
        issue: '103',
        user: 'alice',
        seconds: 114 * 86_400 + 15 * 3600,
        message:
          'v1 timer on #103 started at 2025-08-06T09:00:00Z (114 days before 2025-11-29T00:00:00Z) was never stopped (status active); not billed. If it was work, add the real time with `flowforge add 103 --from … --to …`',
      },
    ]);
  });

  it('explains every difference: bob recorded 0.67 h (40m12s) for 40 minutes', () => {
    expect(result.v1Totals).toEqual([
      { user: 'alice', issue: '101', v1Seconds: 13_500, importedSeconds: 13_500, differenceSeconds: 0, reasons: [], explained: true },
      {
        user: 'alice',
        issue: '103',
        v1Seconds: 0,
        importedSeconds: 0,
        differenceSeconds: 0,
        reasons: ['v1 timer started at 2025-08-06T09:00:00Z (114 days before 2025-11-29T00:00:00Z) never stopped: not billed until confirmed'],
        explained: true,
      },
      {
        user: 'bob',
        issue: '102',
        v1Seconds: 2412,
        importedSeconds: 2400,
        differenceSeconds: -12,
        reasons: ['1 recorded duration rounded by v1; the stamps are exact: -12s'],
        explained: true,
      },
    ]);
    expect(hasUnexplained(result.v1Totals)).toBe(false);
  });

  it('prints the integrity table', () => {
    expect(formatIntegrityTable(result.v1Totals)).toBe(
      [
        'user   issue  v1 total  v2 total  difference  reason',
        'alice  101       3h45m     3h45m          0s',
        'alice  103          0s        0s          0s  v1 timer started at 2025-08-06T09:00:00Z (114 days before 2025-11-29T00:00:00Z) never stopped: not billed until confirmed',
        'bob    102      40m12s       40m        -12s  1 recorded duration rounded by v1; the stamps are exact: -12s',
        '',
        '3 user × issue rows, 0 unexplained',
        '',
      ].join('\n'),
    );
  });
});

describe('the shared in-the-wild sample', () => {
  const result = interpretV1(sample('in-the-wild.json'), { now: NOW });

  it('reads 69 as 8090 seconds (confirmed by 21:47:10 → 00:02:00) and 70 as 1 hour', () => {
    expect(result.sessions).toEqual([
      { issue: '69', user: 'carol', start: '2025-10-08T21:47:10Z', end: '2025-10-09T00:02:00Z', seconds: 8090, billable: true, note: 'private note', source: { key: '69', index: 0 } },
      { issue: '70', user: 'carol', start: '2025-10-10T09:00:00Z', end: '2025-10-10T10:00:00Z', seconds: 3600, billable: true, source: { key: '70', index: 0 } },
    ]);
    expect(result.v1Totals.map(({ issue, v1Seconds, importedSeconds, differenceSeconds }) => ({ issue, v1Seconds, importedSeconds, differenceSeconds }))).toEqual([
      { issue: '69', v1Seconds: 8090, importedSeconds: 8090, differenceSeconds: 0 },
      { issue: '70', v1Seconds: 3600, importedSeconds: 3600, differenceSeconds: 0 },
      { issue: '72', v1Seconds: 0, importedSeconds: 0, differenceSeconds: 0 },
    ]);
    expect(hasUnexplained(result.v1Totals)).toBe(false);
  });

  it('skips metadata and sessions, reports the stale clean-up on 70 and the orphaned timer on 72', () => {
    expect(result.findings.map(({ kind, issue, user, index, seconds }) => ({ kind, issue, user, index, seconds }))).toEqual([
      { kind: 'skipped-key', issue: undefined, user: undefined, index: undefined, seconds: undefined },
      { kind: 'skipped-key', issue: undefined, user: undefined, index: undefined, seconds: undefined },
      { kind: 'stale-cleanup', issue: '70', user: 'carol', index: 1, seconds: undefined },
      { kind: 'orphaned-timer', issue: '72', user: 'carol', index: undefined, seconds: 172 * 86_400 + 3 * 3600 + 1 * 60 + 19 },
    ]);
    expect(result.findings[0]?.message).toBe('top-level key "metadata" skipped: it has no "sessions" list, so it is not an issue');
    expect(result.findings[1]?.message).toBe('top-level key "sessions" skipped: it has no "sessions" list, so it is not an issue');
    expect(result.findings[2]?.message).toContain('at 2025-10-12T08:00:00Z (Timer running > 24h)');
    expect(result.findings[3]?.message).toContain('started at 2025-06-09T20:58:41Z (172 days before 2025-11-29T00:00:00Z)');
    expect(result.v1Totals.find((total) => total.issue === '70')?.reasons).toEqual(['1 stale-timer clean-up not billed: 0s']);
  });

  it('gives no age without a "now", so the output depends on the file alone', () => {
    const orphan = interpretV1(sample('in-the-wild.json')).findings.find((finding) => finding.kind === 'orphaned-timer');
    expect(orphan?.seconds).toBeUndefined();
    expect(orphan?.message).toContain('started at 2025-06-09T20:58:41Z was never stopped');
  });
});
