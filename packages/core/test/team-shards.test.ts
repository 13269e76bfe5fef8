import { describe, expect, it } from 'vitest';
import { newestPerMonth } from '../src/team/read.js';
import { parseTeamFilePath } from '../src/team/team-file.js';

const hash = '0123456789ab';
const path = (user: string, shard: string | null, month: string, revision: number, h = hash) =>
  `.flowforge/team/${user}/${shard === null ? '' : `${shard}/`}${month}.r${revision}.${h}.json`;

describe('team file names', () => {
  it('tell a clone’s shard, imported v1 history and a file from before shards apart', () => {
    expect(parseTeamFilePath(path('alice', 'k3f7x2ab', '2026-11', 4))).toEqual({ user: 'alice', source: 'tracked', clone: 'k3f7x2ab', month: '2026-11', revision: 4, hash });
    expect(parseTeamFilePath(path('alice', 'v1', '2025-08', 9))).toMatchObject({ source: 'v1', clone: null });
    expect(parseTeamFilePath(path('alice', null, '2026-10', 2))).toMatchObject({ source: 'tracked', clone: null });
    for (const other of ['K3F9X2AB', 'k3f9x2a', 'k3f7x2ab1', 'k3f9x0ab', '..'])
      expect(parseTeamFilePath(path('alice', other, '2026-11', 1)), other).toBeNull();
  });
});

describe('newestPerMonth', () => {
  it('keeps the newest revision of each clone’s month, so readers sum the clones', () => {
    const laptop = [path('alice', 'aaaaaaaa', '2026-11', 3), path('alice', 'aaaaaaaa', '2026-11', 7)];
    const desktop = [path('alice', 'bbbbbbbb', '2026-11', 2), path('alice', 'bbbbbbbb', '2026-11', 5)];
    const { chosen, superseded } = newestPerMonth([...laptop, ...desktop]);
    expect(chosen).toEqual([laptop[1], desktop[1]]);
    expect(superseded).toEqual([laptop[0], desktop[0]]);
  });

  it('lets a clone’s shard replace the file of a month written before shards, but not other months or v1 history', () => {
    const before = [path('alice', null, '2026-10', 8), path('alice', null, '2026-11', 6)];
    const shard = path('alice', 'aaaaaaaa', '2026-11', 6);
    const v1 = path('alice', 'v1', '2026-11', 40);
    const bob = path('bob', null, '2026-11', 3);
    const { chosen, superseded } = newestPerMonth([...before, shard, v1, bob]);
    expect(chosen).toEqual([before[0], shard, v1, bob].sort());
    expect(superseded).toEqual([before[1]]);
  });
});
