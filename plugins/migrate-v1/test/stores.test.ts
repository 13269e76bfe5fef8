import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateLogFor, UserStore } from '@flowforge/core/internal';
import { describe, expect, it } from 'vitest';
import { importOwnSessions } from '../src/private-log.js';
import type { MigratedSession } from '../src/types.js';
import { groupByUser, userIdOf } from '../src/users.js';

const session = (user: string, start: string, end: string, note?: string): MigratedSession => ({
  issue: '42',
  user,
  start,
  end,
  seconds: (Date.parse(end) - Date.parse(start)) / 1000,
  billable: true,
  ...(note ? { note } : {}),
  source: { key: '42', index: 0 },
});

describe('v1 user names', () => {
  it('keep ids, slug other names, and refuse names with nothing to slug', () => {
    expect(userIdOf('alice')).toBe('alice');
    expect(userIdOf('Alice Smith')).toBe('alice-smith');
    expect(userIdOf('bob@example.com')).toBe('bob-example.com');
    expect(userIdOf('!!!')).toBeNull();
    const grouped = groupByUser([
      session('Alice', '2025-01-01T08:00:00Z', '2025-01-01T09:00:00Z'),
      session('alice', '2025-01-02T08:00:00Z', '2025-01-02T09:00:00Z'),
      session('???', '2025-01-03T08:00:00Z', '2025-01-03T08:30:00Z'),
    ]);
    expect([...grouped.byId.keys()]).toEqual(['alice']);
    expect(grouped.byId.get('alice')).toHaveLength(2);
    expect(grouped.renamed).toEqual([{ name: 'Alice', id: 'alice' }]);
    expect(grouped.refused).toEqual([{ name: '???', sessions: 1, seconds: 1800 }]);
  });
});

describe('importOwnSessions', () => {
  it('adds each session once, keeps identical sessions as two entries, and respects later edits', async () => {
    const root = await mkdtemp(join(tmpdir(), 'flowforge-v1-store-'));
    try {
      const store = UserStore.forRepo(root, 'alice');
      const log = privateLogFor({ repoRoot: root, user: 'alice', underRunLock: false });
      const twice = session('alice', '2025-01-01T08:00:00Z', '2025-01-01T09:00:00Z', 'pairing');
      const sessions = [twice, twice, session('alice', '2025-01-01T22:00:00Z', '2025-01-03T02:00:00Z')];
      expect(await importOwnSessions(log, sessions, { dryRun: true })).toEqual({ added: 5, present: 0 });
      expect(await store.days()).toEqual([]);
      expect(await importOwnSessions(log, sessions, { dryRun: false })).toEqual({ added: 5, present: 0 });
      const entries = await store.entriesBetween(Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-01-04T00:00:00Z'));
      expect(entries.map((entry) => [entry.start, entry.end, entry.note, entry.source])).toEqual([
        ['2025-01-01T08:00:00Z', '2025-01-01T09:00:00Z', 'pairing', 'v1'],
        ['2025-01-01T08:00:00Z', '2025-01-01T09:00:00Z', 'pairing', 'v1'],
        ['2025-01-01T22:00:00Z', '2025-01-02T00:00:00Z', undefined, 'v1'],
        ['2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z', undefined, 'v1'],
        ['2025-01-03T00:00:00Z', '2025-01-03T02:00:00Z', undefined, 'v1'],
      ]);
      expect(await importOwnSessions(log, sessions, { dryRun: false })).toEqual({ added: 0, present: 5 });
      // An entry the developer removed stays removed: it was imported once.
      const [first] = entries;
      if (!first) throw new Error('no entry');
      await store.append('2025-01-01', [{ v: 1, op: 'rm', at: '2025-02-02T00:00:00Z', id: first.id, previous: first }]);
      expect(await importOwnSessions(log, sessions, { dryRun: false })).toEqual({ added: 0, present: 5 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
