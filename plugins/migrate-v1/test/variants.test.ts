/** One fixture per variant of `reference/v1-format.md` ("Variants seen in real repositories"). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Finding, hasUnexplained, interpretV1, type MigratedSession, readV1File, v1FileCandidates } from '../src/index.js';
import { fixture, NOW, sample } from './load.js';

const brief = (sessions: MigratedSession[]) => sessions.map((s) => `${s.issue} ${s.user} ${s.start} ${s.end} ${s.seconds}`);
const kinds = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.issue ?? '-'}${f.index === undefined ? '' : `[${f.index}]`}`);

describe('variant 1: top-level keys that are not issues', () => {
  const result = interpretV1(fixture('variant-1-non-issue-keys.json'));

  it('skips each of them with a finding and imports the issues beside them, numeric or not', () => {
    expect(result.findings.map((f) => f.message)).toEqual([
      'top-level key "104" skipped: its value is a list, not an issue object',
      'top-level key "105" skipped: its "sessions" is not a list',
      'top-level key "config" skipped: it has no "sessions" list, so it is not an issue',
      'top-level key "metadata" skipped: it has no "sessions" list, so it is not an issue',
      'top-level key "notes" skipped: its value is a string, not an issue object',
      'top-level key "sessions" skipped: it has no "sessions" list, so it is not an issue',
    ]);
    expect(result.findings.every((f) => f.kind === 'skipped-key')).toBe(true);
    expect(brief(result.sessions)).toEqual([
      '101 dave 2025-09-02T08:00:00Z 2025-09-02T08:30:00Z 1800',
      'APP-7 dave 2025-09-01T08:00:00Z 2025-09-01T09:00:00Z 3600',
    ]);
  });

  it('refuses only a file that is not an object at all', () => {
    expect(() => interpretV1([])).toThrow(TypeError);
    expect(() => interpretV1(null)).toThrow(/not a v1 time file/);
    expect(interpretV1({})).toEqual({ sessions: [], findings: [], v1Totals: [] });
  });
});

describe('variant 2: durations in seconds in the same field', () => {
  const result = interpretV1(fixture('variant-2-seconds.json'));

  it('decides the unit from the stamps, else from v1 totals that agree with exactly one reading', () => {
    expect(brief(result.sessions)).toEqual([
      '201 erin 2025-10-08T21:47:10Z 2025-10-09T00:02:00Z 8090', // 8090 matches the stamps as seconds
      '202 erin 2025-10-10T08:00:00Z 2025-10-10T09:30:00Z 5400', // no end; total_time 5400 says seconds
      '204 erin 2025-10-12T08:00:00Z 2025-10-12T09:30:00Z 5400', // no start; total_hours 1.5 says hours
    ]);
    expect(kinds(result.findings)).toEqual(['salvaged-stamp 202[0]', 'ambiguous-unit 203[0]', 'salvaged-stamp 204[0]', 'ambiguous-unit 205[0]']);
  });

  it('reports an ambiguous value with both readings instead of guessing', () => {
    const [ambiguous, bothAgree] = result.findings.filter((f) => f.kind === 'ambiguous-unit');
    expect(ambiguous?.message).toContain('duration 2.5 = 2h30m if hours, 2.5s if seconds');
    // billable_hours 0 is within billing rounding of both 6 minutes and 0.1 seconds: still ambiguous.
    expect(bothAgree?.message).toContain('duration 0.1 = 6m if hours, 0.1s if seconds');
    expect(result.sessions.some((s) => s.issue === '203' || s.issue === '205')).toBe(false);
  });

  it('counts an ambiguous duration in the v1 column as hours, v1\'s documented unit, and explains the gap', () => {
    const row = result.v1Totals.find((t) => t.issue === '203');
    expect(row).toMatchObject({ v1Seconds: 9000, importedSeconds: 0, differenceSeconds: -9000, explained: true });
    expect(row?.reasons).toEqual(['1 session with a duration of ambiguous unit not imported (counted in v1 as hours): -2h30m']);
  });

  it('names the evidence that decided a unit', () => {
    expect(result.findings.find((f) => f.issue === '202')?.message).toBe(
      'end missing: end = start + recorded 5400 (1h30m, seconds according to total_time 5400, billable_hours 1.5); imported',
    );
    expect(result.findings.find((f) => f.issue === '204')?.message).toContain('hours according to total_hours 1.5, metrics.total_hours 1.5');
  });
});

describe('variant 3: "completed" and "closed"', () => {
  it('both mean finished, and neither changes what is billed (v1 report counted only "completed")', () => {
    const result = interpretV1(fixture('variant-3-statuses.json'));
    expect(brief(result.sessions)).toEqual([
      '301 frank 2025-11-03T08:00:00Z 2025-11-03T10:00:00Z 7200',
      '302 frank 2025-11-04T08:00:00Z 2025-11-04T09:15:00Z 4500',
      '303 frank 2025-11-05T08:00:00Z 2025-11-05T08:45:00Z 2700',
    ]);
    expect(result.findings).toEqual([]);
    expect(result.v1Totals.every((t) => t.differenceSeconds === 0 && t.reasons.length === 0)).toBe(true);
  });
});

describe('variant 4: current_session null', () => {
  it('means no running timer: nothing to report', () => {
    const result = interpretV1(fixture('variant-4-null-current-session.json'));
    expect(result.findings).toEqual([]);
    expect(brief(result.sessions)).toEqual([
      '401 gina 2025-11-06T13:00:00Z 2025-11-06T14:00:00Z 3600',
      '402 gina 2025-11-07T13:00:00Z 2025-11-07T13:20:00Z 1200',
    ]);
    expect(result.v1Totals.find((t) => t.issue === '402')).toMatchObject({ v1Seconds: 1188, differenceSeconds: 12, explained: true });
  });
});

describe('variant 5: notes and reasons', () => {
  it('keeps both as the private note of the session', () => {
    const result = interpretV1(fixture('variant-5-free-text.json'));
    expect(result.sessions.map((s) => s.note)).toEqual([
      'refactored the parser; Auto-paused to start #502',
      'Lunch',
      'customer call about invoices',
    ]);
    expect(result.findings).toEqual([]);
  });
});

describe('variant 6: stale-timer clean-up', () => {
  const result = interpretV1(fixture('variant-6-stale-cleanup.json'));

  it('bills no clean-up session, even one whose stamps span 30 hours, and reports it', () => {
    expect(brief(result.sessions)).toEqual(['601 ivy 2025-11-10T09:00:00Z 2025-11-10T10:00:00Z 3600']);
    expect(result.findings).toEqual([
      {
        kind: 'stale-cleanup',
        issue: '601',
        user: 'ivy',
        index: 1,
        seconds: 30 * 3600,
        message:
          'stale-timer clean-up at 2025-11-12T14:00:00Z (Timer running > 24h): v1 recorded 0 for a timer it found running; not billed. If it was work, add the real time with `flowforge add 601`',
      },
      {
        kind: 'stale-cleanup',
        issue: '602',
        message:
          'v1 cleaned up a stale timer on #602 at 2025-11-13T08:00:00Z (Timer running > 24h) and kept none of its time; if it was work, add it with `flowforge add 602`',
      },
    ]);
  });
});

describe('variant 7: orphaned active timers', () => {
  const result = interpretV1(fixture('variant-7-orphaned.json'), { now: NOW });

  it('never bills a running timer, whatever the status, and lists each with its age', () => {
    expect(brief(result.sessions)).toEqual(['701 jack 2025-07-31T09:00:00Z 2025-07-31T11:00:00Z 7200']);
    expect(result.findings.map((f) => [f.kind, f.issue, f.user, f.seconds])).toEqual([
      ['orphaned-timer', '701', 'jack', 119 * 86_400 + 15 * 3600],
      ['orphaned-timer', '702', 'jack', 3600],
      ['orphaned-timer', '703', 'kim', 74 * 86_400 + 15 * 3600],
      ['orphaned-timer', '704', 'kim', 74 * 86_400 + 15 * 3600],
    ]);
    expect(result.findings[0]?.message).toContain('(119 days before 2025-11-29T00:00:00Z)');
    expect(result.findings[1]?.message).toContain('(0 days before');
    expect(result.findings[2]?.message).toContain('(status paused)');
    expect(result.findings[3]?.message).toContain('started at "2025-09-15T09:00:00.3NZ"');
  });

  it('gives each timer a row in the integrity table, explained', () => {
    expect(result.v1Totals.map((t) => [t.user, t.issue, t.differenceSeconds, t.reasons.length, t.explained])).toEqual([
      ['jack', '701', 0, 1, true],
      ['jack', '702', 0, 1, true],
      ['kim', '703', 0, 1, true],
      ['kim', '704', 0, 1, true],
    ]);
  });
});

describe('variant 8: broken stamps and negative durations', () => {
  const result = interpretV1(fixture('variant-8-broken.json'));

  it('salvages only where the evidence agrees', () => {
    expect(brief(result.sessions)).toEqual([
      '801 lena 2026-01-23T14:49:14Z 2026-01-23T16:19:14Z 5400', // ".3NZ" dropped: 1h30m matches duration 1.5
      '804 lena 2026-01-25T10:00:00Z 2026-01-25T11:00:00Z 3600', // "-3h -38m", but total_hours 1 confirms the stamps
      '806 lena 2026-01-27T10:00:00Z 2026-01-27T10:30:00Z 1800', // unreadable start = end - 0.5 h (total_hours 0.5)
    ]);
    expect(kinds(result.findings)).toEqual([
      'salvaged-stamp 801[0]',
      'broken-stamp 802[0]',
      'broken-stamp 803[0]',
      'salvaged-stamp 804[0]',
      'broken-stamp 805[0]',
      'salvaged-stamp 806[0]',
    ]);
  });

  it('says what it read and why it did not import', () => {
    const message = (issue: string) => result.findings.find((f) => f.issue === issue)?.message;
    expect(message('801')).toBe(
      'stamps "2026-01-23T14:49:14.3NZ" → 2026-01-23T16:19:14Z read as 2026-01-23T14:49:14Z → 2026-01-23T16:19:14Z: the span 1h30m agrees with the recorded 1.5 read as hours; imported',
    );
    expect(message('802')).toContain('matches that in neither unit (4 = 4h if hours, 4s if seconds); not imported');
    expect(message('803')).toContain('end is 3h38m before start (2026-01-24T18:27:00Z → 2026-01-24T14:49:00Z), recorded "-3h -38m"');
    expect(message('805')).toContain('duration "-3h -38m" contradicts the stamps');
  });

  it('explains every difference in the integrity table', () => {
    expect(result.v1Totals.map((t) => [t.issue, t.v1Seconds, t.importedSeconds, t.explained])).toEqual([
      ['801', 5400, 5400, true],
      ['802', 4 * 3600, 0, true],
      ['803', 0, 0, true],
      ['804', 0, 3600, true],
      ['805', 0, 0, true],
      ['806', 1800, 1800, true],
    ]);
    expect(hasUnexplained(result.v1Totals)).toBe(false);
  });
});

describe('variant 9: another file path', () => {
  it('tries .task-times.json, then .flowforge/billing/time-tracking.json, unless a file is named', async () => {
    expect(v1FileCandidates(undefined)).toEqual(['.task-times.json', '.flowforge/billing/time-tracking.json']);
    expect(v1FileCandidates('legacy/times.json')).toEqual(['legacy/times.json']);
    const repo = await mkdtemp(join(tmpdir(), 'flowforge-v1-'));
    try {
      await mkdir(join(repo, '.flowforge/billing'), { recursive: true });
      await writeFile(join(repo, '.flowforge/billing/time-tracking.json'), JSON.stringify(sample('canonical.task-times.json')));
      const found: unknown[] = [];
      for (const candidate of v1FileCandidates(undefined)) found.push(await readV1File(join(repo, candidate)));
      expect(found[0]).toBeUndefined();
      expect(interpretV1(found[1]).sessions).toHaveLength(3);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
