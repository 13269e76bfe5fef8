import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from './helpers/cli.js';
import { cloneFor, Developer, joinTeam, remoteTeam, teamRepo, tempDir } from './helpers/team.js';

/**
 * Convergence: whatever git does to a checkout — a branch abandoned, a reset, a rebase that drops
 * a commit, a second machine of the same developer — their next commit carries all of their time,
 * and a fresh clone bills every second of it.
 */

interface StatusJson {
  team: { missingSeconds: number };
  warnings: { code: string; message: string }[];
}

/** Seconds per user in a report of `dev`'s checkout (the init template bills at rate 0, said on stderr). */
function billedSeconds(dev: Developer): Record<string, number> {
  const result = dev.ff('report', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'user', '--json');
  expect(result.code, result.stderr).toBe(0);
  const rows = (JSON.parse(result.stdout) as { rows: { user: string; hours: number }[] }).rows;
  return Object.fromEntries(rows.map((row) => [row.user, Math.round(row.hours * 3600)]));
}

/** What a manager bills from a fresh clone of `remote`'s main. */
function freshCloneBills(remote: string): Record<string, number> {
  const manager = cloneFor(remote, 'manager');
  const verify = manager.ff('verify');
  expect(verify.code, `${verify.stdout}${verify.stderr}`).toBe(0);
  return billedSeconds(manager);
}

const track = (dev: Developer, issue: string, day: string, hours: number) => dev.ffOk('add', issue, '--duration', `${hours}h`, '--date', day);

describe('convergence: the next commit carries all of your time', () => {
  it('after a branch that is never merged: main gets the time tracked on it', () => {
    const { remote, first: alice } = remoteTeam();
    track(alice, '1', '2026-11-02', 1);
    alice.commitOk('on main', { 'a.txt': 'a\n' });
    alice.git('checkout', '--quiet', '-b', 'spike');
    track(alice, '2', '2026-11-03', 2);
    alice.commitOk('on spike', { 'b.txt': 'b\n' });
    alice.git('checkout', '--quiet', 'main');

    // Before the next commit, the checkout says what it is missing.
    const status = alice.json<StatusJson>('status');
    expect(status.team.missingSeconds).toBe(2 * 3600);
    expect(status.warnings.map((warning) => warning.message)).toContain("2h of your time is not in this checkout's team files: commit, or run `flowforge aggregate`.");
    const doctor = alice.ff('doctor', '--json');
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout).checks).toContainEqual(expect.objectContaining({ id: 'team-drift', status: 'fail' }));

    alice.commitOk('back on main, nothing tracked', { 'c.txt': 'c\n' });
    expect(alice.status()).toBe('');
    expect(alice.json<StatusJson>('status').team.missingSeconds).toBe(0);
    alice.git('push', '--quiet', 'origin', 'main');
    expect(freshCloneBills(remote)).toEqual({ alice: 3 * 3600 });
  });

  it.each([
    ['reset --hard', (dev: Developer) => dev.git('reset', '--quiet', '--hard', 'HEAD~1')],
    [
      'a mixed reset (the files stay in the work tree, untracked)',
      (dev: Developer) => {
        dev.git('reset', '--quiet', 'HEAD~1');
        dev.git('add', 'a.txt'); // the developer's own work, to commit again
      },
    ],
    [
      'a rebase that drops it',
      (dev: Developer) => {
        dev.commitOk('later work', { 'b.txt': 'b\n' });
        dev.git('rebase', '--quiet', '--onto', 'HEAD~2', 'HEAD~1');
      },
    ],
  ])('after %s, past the commit with the team files: the next commit carries them again', (_name, undo) => {
    const { remote, first: alice } = remoteTeam();
    track(alice, '1', '2026-11-02', 1);
    alice.commitOk('time', { 'a.txt': 'a\n' });
    undo(alice);
    expect(alice.git('ls-tree', '-r', '--name-only', 'HEAD', '--', '.flowforge/team')).toBe('');

    alice.commitOk('unrelated', { 'z.txt': 'z\n' });
    expect(alice.git('ls-tree', '-r', '--name-only', 'HEAD', '--', '.flowforge/team')).not.toBe('');
    expect(alice.status()).toBe('');
    alice.git('push', '--quiet', '--force', 'origin', 'main');
    expect(freshCloneBills(remote)).toEqual({ alice: 3600 });
  });

  it('after a merge brings back a file of a month whose time was removed since: the removal wins', () => {
    const { first: alice } = remoteTeam();
    alice.git('branch', 'spike'); // before any time
    const id = /^Added ([0-9a-z]{6})/.exec(track(alice, '1', '2026-11-02', 1))?.[1] as string;
    alice.commitOk('time on main', { 'a.txt': 'a\n' });
    alice.git('checkout', '--quiet', 'spike'); // no team file of November here
    alice.ffOk('rm', id);
    alice.commitOk('that was no work', { 'b.txt': 'b\n' });
    alice.git('merge', '--quiet', '--no-edit', 'main'); // brings main's November back
    alice.commitOk('after the merge', { 'c.txt': 'c\n' });
    expect(billedSeconds(alice)).toEqual({});
    const manager = cloneFor(alice.repo, 'manager');
    manager.git('checkout', '--quiet', 'spike');
    expect(billedSeconds(manager)).toEqual({});
  });

  it('a daemon or `aggregate` run while the hook waits for the lock: everything it wrote goes with the commit', async () => {
    const dev = teamRepo({
      files: {
        'flowforge.config.mjs': "export default { plugins: [['@flowforge/plugin-granularity', { period: 'day' }], './gate.mjs'] };\n",
        // Marks each boot (the hook's) and, in the run given a gate, holds the lock until the gate opens.
        'gate.mjs': `import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { definePlugin } from '@flowforge/core';
export default definePlugin({
  name: 'gate',
  apply(kernel) {
    if (process.env.GATE_BOOTED) writeFileSync(process.env.GATE_BOOTED, '');
    kernel.hooks.snapshot.tapPromise('gate', async () => {
      while (process.env.GATE && !existsSync(process.env.GATE)) await new Promise((resolve) => setTimeout(resolve, 20));
    });
  },
});
`,
      },
    });
    track(dev, '1', '2026-11-02', 1);
    dev.commitOk('first', { 'a.txt': 'a\n' });
    track(dev, '2', '2026-11-03', 2);

    const gate = join(dev.repo, '.git', 'gate-open');
    const booted = join(dev.repo, '.git', 'hook-booted');
    const aggregate = spawn(process.execPath, [CLI_BIN, 'aggregate'], { cwd: dev.repo, env: { ...process.env, ...dev.env({ GATE: gate }) }, stdio: 'ignore' });
    const aggregated = new Promise<number | null>((resolve) => aggregate.on('exit', resolve));
    await sleep(1500); // `aggregate` holds the lock in its snapshot stage
    writeFileSync(join(dev.repo, 'b.txt'), 'b\n');
    dev.git('add', 'b.txt');
    const commit = spawn('git', ['commit', '--quiet', '-m', 'while aggregating'], { cwd: dev.repo, env: { ...process.env, ...dev.env({ GATE_BOOTED: booted }) }, stdio: 'ignore' });
    const committed = new Promise<number | null>((resolve) => commit.on('exit', resolve));
    while (!existsSync(booted)) await sleep(20); // the hook has booted and now waits for the lock
    writeFileSync(gate, '');
    expect(await aggregated).toBe(0);
    expect(await committed).toBe(0);

    expect(dev.status()).toBe(''); // the files and audit records `aggregate` wrote are committed
    const manager = cloneFor(dev.repo, 'manager');
    expect(manager.ff('verify').code).toBe(0);
    expect(billedSeconds(manager)).toEqual({ alice: 3 * 3600 });
  });
});

describe('one developer, two clones', () => {
  it('each clone writes its own shard; a fresh clone bills both, on the same and on different days', () => {
    const { remote, first: laptop } = remoteTeam();
    const desktop = joinTeam(remote, 'alice');
    track(laptop, '1', '2026-11-02', 1);
    track(desktop, '1', '2026-11-02', 2); // the same day and issue, on another machine
    track(desktop, '2', '2026-11-05', 0.5);
    laptop.commitOk('laptop', { 'l.txt': 'l\n' });
    laptop.git('push', '--quiet', 'origin', 'main');
    desktop.commitOk('desktop', { 'd.txt': 'd\n' });
    desktop.git('pull', '--quiet', '--no-rebase', '--no-edit', 'origin', 'main');
    desktop.git('push', '--quiet', 'origin', 'main');

    const shards = desktop.git('ls-tree', '--name-only', 'HEAD:.flowforge/team/alice').split('\n');
    expect(shards).toHaveLength(2);
    for (const shard of shards) expect(shard).toMatch(/^[a-z2-7]{8}$/);
    expect(freshCloneBills(remote)).toEqual({ alice: 3.5 * 3600 });

    // A report by day adds the two machines' time on the day both worked.
    const manager = cloneFor(remote, 'manager');
    const byDay = JSON.parse(manager.ff('report', '--period', '2026-11', '--by', 'user,day', '--json').stdout) as { rows: { day: string; hours: number }[] };
    expect(byDay.rows.map(({ day, hours }) => ({ day, hours }))).toEqual([
      { day: '2026-11-02', hours: 3 },
      { day: '2026-11-05', hours: 0.5 },
    ]);
    // Nothing about either machine is committed: the shard's name is random.
    for (const path of manager.git('ls-files', '.flowforge').split('\n')) expect(path).not.toContain(hostname());
  });
});

describe('a new laptop', () => {
  it('restoring the old laptop’s backup goes on with its shard: nothing is counted twice', () => {
    // Both machines keep backups in one place, as a synced or restored home folder would.
    const home = tempDir('flowforge-home-');
    class SharedHome extends Developer {
      override env(extra: Record<string, string | undefined> = {}) {
        return { ...super.env(extra), FLOWFORGE_HOME: home };
      }
    }
    const { remote, first } = remoteTeam();
    const old = new SharedHome(first.repo, 'alice');
    track(old, '1', '2026-11-02', 1);
    old.commitOk('on the old laptop', { 'o.txt': 'o\n' });
    old.git('push', '--quiet', 'origin', 'main');
    const { repoId } = old.json<{ repoId: string }>('recover', '--list');

    const fresh = new SharedHome(cloneFor(remote, 'alice').repo, 'alice');
    fresh.ffOk('init', '--yes'); // a clone id of its own, with nothing tracked yet
    fresh.ffOk('recover', '--repo-id', repoId);
    track(fresh, '2', '2026-11-03', 2);
    fresh.commitOk('on the new laptop', { 'n.txt': 'n\n' });
    fresh.git('push', '--quiet', 'origin', 'main');

    expect(fresh.git('ls-tree', '--name-only', 'HEAD:.flowforge/team/alice').split('\n')).toHaveLength(1); // one shard, continued
    expect(freshCloneBills(remote)).toEqual({ alice: 3 * 3600 });
  });
});

describe('ids that cannot collide', () => {
  it('jörg@ and jürg@ are two users, each pinned by init in git config', () => {
    const { remote } = remoteTeam('setup');
    /** A developer known only by git's user.email, as most are. */
    class ByEmail extends Developer {
      override env(extra: Record<string, string | undefined> = {}) {
        return { ...super.env(extra), FLOWFORGE_USER: undefined };
      }
    }
    const clone = (email: string): Developer => {
      const dev = new ByEmail(cloneFor(remote, 'unused').repo, 'unused');
      dev.git('config', 'user.email', email);
      expect(dev.ffOk('init', '--yes')).toMatch(/git config flowforge\.user j-rg-firma\.de-[0-9a-f]{10}/);
      return dev;
    };
    const jorg = clone('jörg@firma.de');
    const jurg = clone('jürg@firma.de');
    const ids = [jorg, jurg].map((dev) => dev.git('config', 'flowforge.user'));
    expect(new Set(ids).size).toBe(2);

    track(jorg, '1', '2026-11-02', 1);
    jorg.commitOk('jörg', { 'j1.txt': '1\n' });
    jorg.git('push', '--quiet', 'origin', 'main');
    track(jurg, '1', '2026-11-02', 2);
    jurg.commitOk('jürg', { 'j2.txt': '2\n' });
    jurg.git('pull', '--quiet', '--no-rebase', '--no-edit', 'origin', 'main');
    jurg.git('push', '--quiet', 'origin', 'main');
    expect(freshCloneBills(remote)).toEqual({ [ids[0] as string]: 3600, [ids[1] as string]: 2 * 3600 });
  });
});
