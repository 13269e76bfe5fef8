/** The policies that no single variant shows: overlaps, zero length, v1 contradicting itself, privacy, determinism. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasUnexplained, interpretV1, NO_USER } from '../src/index.js';
import { fixture, NOW, sample, VARIANT_FIXTURES } from './load.js';

const session = (start: string, end: string, duration: unknown, user = 'alice', extra: Record<string, unknown> = {}) => ({
  start,
  end,
  duration,
  user,
  instance_id: `${user}@secret-host.example:4242:1754294400`,
  ...extra,
});

describe('overlapping sessions of one user', () => {
  it('imports both and reports the overlap once', () => {
    const result = interpretV1({
      '101': { status: 'paused', sessions: [session('2025-08-04T08:00:00Z', '2025-08-04T10:00:00Z', 2)] },
      '102': { status: 'paused', sessions: [session('2025-08-04T09:00:00Z', '2025-08-04T11:00:00Z', 2)] },
      '103': { status: 'paused', sessions: [session('2025-08-04T09:30:00Z', '2025-08-04T10:30:00Z', 1, 'bob')] },
    });
    expect(result.sessions).toHaveLength(3);
    expect(result.findings).toEqual([
      {
        kind: 'overlap',
        issue: '102',
        user: 'alice',
        index: 0,
        seconds: 3600,
        message:
          '2025-08-04T09:00:00Z → 2025-08-04T11:00:00Z overlaps session 0 of #101 (2025-08-04T08:00:00Z → 2025-08-04T10:00:00Z) by 1h: v1 ran timers in several terminals; both imported, check before billing',
      },
    ]);
  });
});

describe('sessions v1 recorded strangely', () => {
  it('does not import a zero-length session and reports it', () => {
    const result = interpretV1({ '1': { sessions: [session('2025-08-04T08:00:00Z', '2025-08-04T08:00:00Z', 0)] } });
    expect(result.sessions).toEqual([]);
    expect(result.findings.map((f) => f.kind)).toEqual(['zero-length']);
  });

  it('imports a session without a duration from its stamps and says so', () => {
    const result = interpretV1({ '1': { sessions: [session('2025-08-04T08:00:00Z', '2025-08-04T08:20:00Z', undefined)] } });
    expect(result.sessions.map((s) => s.seconds)).toEqual([1200]);
    expect(result.v1Totals[0]?.reasons).toEqual(['1 session without a recorded duration, imported from the stamps: +20m']);
  });

  it('reads quoted numbers and written-out durations', () => {
    const result = interpretV1({
      '1': {
        sessions: [
          session('2025-08-04T08:00:00Z', '2025-08-04T09:30:00Z', '1.5'),
          session('2025-08-04T10:00:00Z', '2025-08-04T12:15:00Z', '2h 15m'),
        ],
      },
    });
    expect(result.findings).toEqual([]);
    expect(result.v1Totals).toMatchObject([{ v1Seconds: 5400 + 8100, importedSeconds: 5400 + 8100, reasons: [] }]);
  });

  it('keeps unreadable session entries out but in the table, so nothing is lost in silence', () => {
    const result = interpretV1({
      '1': { sessions: ['garbage', { start: '2025-08-04T08:00:00Z', end: '2025-08-04T09:00:00Z', duration: 1 }] },
    });
    expect(result.sessions).toEqual([]);
    expect(result.findings.map((f) => [f.kind, f.index, f.user])).toEqual([
      ['unreadable-session', 0, undefined],
      ['unreadable-session', 1, NO_USER],
    ]);
    expect(result.v1Totals).toMatchObject([{ user: NO_USER, issue: '1', v1Seconds: 3600, importedSeconds: 0, explained: true }]);
  });
});

describe('v1 contradicting itself is unexplained', () => {
  it('uses the stamps when a duration matches them in neither unit, and flags the row', () => {
    const result = interpretV1({ '1': { sessions: [session('2025-08-04T08:00:00Z', '2025-08-04T11:00:00Z', 1)] } });
    expect(result.sessions.map((s) => s.seconds)).toEqual([10_800]);
    expect(result.findings[0]).toMatchObject({ kind: 'duration-mismatch', seconds: 10_800 });
    expect(result.findings[0]?.message).toContain('recorded duration 1 = 1h if hours, 1s if seconds, but the stamps');
    expect(result.v1Totals[0]).toMatchObject({ v1Seconds: 3600, importedSeconds: 10_800, explained: false });
    expect(result.v1Totals[0]?.reasons[0]).toMatch(/^unexplained: 1 recorded duration match/);
    expect(hasUnexplained(result.v1Totals)).toBe(true);
  });

  it('flags an issue total that disagrees with the sessions', () => {
    const result = interpretV1({
      '1': {
        status: 'closed',
        sessions: [session('2025-08-04T08:00:00Z', '2025-08-04T09:00:00Z', 1), session('2025-08-04T10:00:00Z', '2025-08-04T11:00:00Z', 1, 'bob')],
        total_hours: 5,
      },
    });
    expect(result.sessions).toHaveLength(2);
    expect(result.findings).toMatchObject([{ kind: 'total-mismatch', issue: '1' }]);
    expect(result.findings[0]?.message).toContain("v1's total_hours 5 (5h) disagrees with its sessions, which sum to 2h");
    expect(result.v1Totals.map((t) => [t.user, t.explained])).toEqual([
      ['alice', false],
      ['bob', false],
    ]);
  });

  it('explains a total written at completion when sessions were added after it', () => {
    const result = interpretV1({
      '1': {
        status: 'paused',
        sessions: [session('2025-08-04T08:00:00Z', '2025-08-04T09:00:00Z', 1), session('2025-08-05T08:00:00Z', '2025-08-05T08:30:00Z', 0.5)],
        completed_at: '2025-08-04T09:00:00Z',
        total_hours: 1,
      },
    });
    expect(result.findings).toEqual([]);
    expect(result.v1Totals[0]).toMatchObject({ explained: true, differenceSeconds: 0 });
    expect(result.v1Totals[0]?.reasons).toEqual(['v1 wrote total_hours 1 at completion (2025-08-04T09:00:00Z); sessions after it are imported too']);
  });
});

/** Every instance id of the inputs and its hostname. */
function privateTexts(json: unknown): string[] {
  const texts = new Set<string>();
  JSON.stringify(json, (key, value: unknown) => {
    if (key === 'instance_id' && typeof value === 'string' && value.includes('@')) {
      texts.add(value);
      texts.add(value.slice(value.indexOf('@'), value.indexOf(':')));
    }
    return value;
  });
  return [...texts];
}

describe('privacy', () => {
  const inputs = [sample('canonical.task-times.json'), sample('in-the-wild.json'), ...VARIANT_FIXTURES.map(fixture)];

  it('keeps no instance id or hostname anywhere in the output, and only the documented fields in sessions', () => {
    for (const input of inputs) {
      const secrets = privateTexts(input);
      expect(secrets.length).toBeGreaterThan(0);
      const result = interpretV1(input, { now: NOW });
      const output = JSON.stringify(result);
      for (const secret of secrets) expect(output).not.toContain(secret);
      for (const migrated of result.sessions) {
        expect(Object.keys(migrated).filter((key) => key !== 'note').sort()).toEqual(['billable', 'end', 'issue', 'seconds', 'source', 'start', 'user']);
        expect(JSON.stringify(migrated)).not.toMatch(/instance|@/);
      }
    }
  });
});

describe('determinism', () => {
  const merged: Record<string, unknown> = Object.assign({}, ...VARIANT_FIXTURES.map(fixture));
  const keys = Object.keys(merged);
  const expected = JSON.stringify(interpretV1(merged, { now: NOW }));

  it('gives the same bytes whatever the key order of the file', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }), (order) => {
        const shuffled = Object.fromEntries(order.map((key) => [key, merged[key]]));
        expect(JSON.stringify(interpretV1(shuffled, { now: NOW }))).toBe(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('does not change its input', () => {
    const input = sample('in-the-wild.json');
    const before = JSON.stringify(input);
    interpretV1(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
