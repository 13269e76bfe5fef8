import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFiles } from '../helpers/repo.js';
import { cloneFor } from '../helpers/team.js';
import { everyCommittedByte, expectCalm, outsideWitness, privateCommitted, refused, SECRET, trackedTeamRepo } from './hostile.js';

/**
 * Rows 2 to 5 of the hostile-repository table: links committed under `.flowforge/`, in place of a
 * folder or a file. FlowForge never follows one: it refuses by name, and nothing outside the
 * repository is read, written or removed.
 */

describe('a link in place of a folder under .flowforge/ (rows 2 and 3)', () => {
  it("bob's private folder linked to a tracked folder: his note is written nowhere and never committed", () => {
    const alice = trackedTeamRepo();
    writeFiles(alice.repo, { 'docs/readme.md': 'docs\n' });
    symlinkSync('../../docs', join(alice.repo, '.flowforge/user/bob'));
    alice.git('add', '--force', 'docs', '.flowforge/user/bob');
    alice.git('commit', '--quiet', '--no-verify', '-m', 'a link where bob keeps his notes');

    // bob clones: the link is his private folder before he ever ran FlowForge.
    const bob = cloneFor(alice.repo, 'bob');
    refused(bob.ff('init', '--yes'), 'FF_LINK_REFUSED', 1, '.flowforge/user/bob');
    refused(bob.ff('add', '7', '--duration', '30m', '--date', '2026-11-03', '--note', 'salary talk with Carol'), 'FF_LINK_REFUSED', 1, '.flowforge/user/bob');
    refused(bob.ff('start', '7', '--note', 'salary talk with Carol'), 'FF_LINK_REFUSED', 1, '.flowforge/user/bob');
    expect(readdirSync(join(bob.repo, 'docs'))).toEqual(['readme.md']);
    expect(bob.status()).toBe('');

    // alice, whose clone has the hook, commits on: her commit goes through, staging nothing of bob's.
    const commit = alice.commit('alice works', { 'b.txt': 'b\n' });
    expect(commit.code).toBe(0);
    expect(everyCommittedByte(alice)).not.toContain('salary talk');
    expect(readdirSync(join(alice.repo, 'docs'))).toEqual(['readme.md']);
  });

  for (const kind of ['an absolute link outside', 'a relative link outside', 'a dangling link', 'a link to a device'] as const) {
    it(`.flowforge/daemon as ${kind}: every command refuses, and nothing outside changes`, () => {
      const outside = outsideWitness();
      const dev = trackedTeamRepo();
      const holder = join(dev.repo, '.flowforge');
      const target = {
        'an absolute link outside': outside.dir,
        'a relative link outside': relativeFrom(holder, outside.dir),
        'a dangling link': join(dev.repo, 'no-such-folder'),
        'a link to a device': '/dev/null',
      }[kind];
      // The clone's runtime folder replaced by a link, as checking out a commit that holds one does.
      rmSync(join(dev.repo, '.flowforge/daemon'), { recursive: true, force: true });
      symlinkSync(target, join(dev.repo, '.flowforge/daemon'));

      for (const args of [['add', '8', '--duration', '10m', '--date', '2026-11-04'], ['status'], ['aggregate', '--all'], ['report', '--period', '2026-11']])
        refused(dev.ff(...args), 'FF_LINK_REFUSED', 1, '.flowforge/daemon');
      const commit = dev.commit('more', { 'c.txt': 'c\n' });
      expect(commit.code).toBe(0);
      expect(commit.stderr).toContain('FF_LINK_REFUSED');
      expectCalm(commit);

      // verify and doctor report it rather than refuse to run.
      expect(dev.ff('doctor').stdout).toMatch(/✗ no links in \.flowforge\/: FF_LINK_REFUSED \.flowforge\/daemon is a symbolic link/);
      expect(lstatSync(join(dev.repo, '.flowforge/daemon')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dev.repo, '.flowforge/daemon'))).toBe(target);
      expect(existsSync(join(dev.repo, 'no-such-folder'))).toBe(false);
      outside.unchanged();
      expect(privateCommitted(dev)).toEqual([]);
    });
  }

  for (const kind of ['an absolute link', 'a relative link'] as const) {
    it(`erase --user bob, with bob's folder ${kind} outside, refuses and empties nothing (row 3)`, () => {
      const outside = outsideWitness();
      const dev = trackedTeamRepo();
      const link = join(dev.repo, '.flowforge/user/bob');
      symlinkSync(kind === 'an absolute link' ? outside.dir : relativeFrom(join(dev.repo, '.flowforge/user'), outside.dir), link);
      refused(dev.ff('erase', '--user', 'bob', '--yes'), 'FF_LINK_REFUSED', 1, '.flowforge/user/bob');
      refused(dev.ff('erase', '--user', 'alice', '--yes'), 'FF_LINK_REFUSED', 1, '.flowforge/user/bob');
      outside.unchanged();
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    });
  }
});

describe('a link in place of a team file (rows 4 and 5)', () => {
  const teamFile = '.flowforge/team/mallory/2026-11.r1.0123456789ab.json';

  /** Commits `make(path)` as mallory's November team file, as a teammate with push rights could. */
  function withHostileTeamFile(make: (path: string, outside: ReturnType<typeof outsideWitness>) => void) {
    const outside = outsideWitness();
    const dev = trackedTeamRepo();
    mkdirSync(join(dev.repo, '.flowforge/team/mallory'), { recursive: true });
    make(join(dev.repo, teamFile), outside);
    dev.git('add', '--force', '.flowforge/team/mallory');
    dev.git('commit', '--quiet', '--no-verify', '-m', 'mallory');
    return { dev, outside };
  }

  const kinds: Record<string, (path: string, outside: ReturnType<typeof outsideWitness>) => void> = {
    'an absolute link to a secret': (path, outside) => symlinkSync(outside.secret, path),
    'a relative link to a secret': (path, outside) => symlinkSync(relativeFrom(join(path, '..'), outside.secret), path),
    'a link to /dev/zero': (path) => symlinkSync('/dev/zero', path),
    'a link to a folder': (path, outside) => symlinkSync(outside.dir, path),
    'a dangling link': (path) => symlinkSync('gone.json', path),
    'a folder': (path) => writeFiles(path, { 'inside.json': '{}\n' }),
  };

  for (const [kind, make] of Object.entries(kinds)) {
    it(`${kind}: verify and report name it and read nothing through it`, () => {
      const { dev, outside } = withHostileTeamFile(make);
      const verify = dev.ff('verify');
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(teamFile);
      expectCalm(verify);
      const json = JSON.parse(dev.ff('verify', '--json').stdout) as { problems: { file: string; message: string }[] };
      expect(json.problems.filter((problem) => problem.file.startsWith(teamFile)).length).toBeGreaterThan(0);

      const report = dev.ff('report', '--period', '2026-11');
      expect(report.code).toBe(1);
      expect(report.stderr).toContain(teamFile);
      expect(report.stderr).toMatch(/FF_NOT_A_FILE|FF_TEAM_FILE_INVALID/);
      expectCalm(report);
      outside.unchanged();
    });
  }

  it("recover --team leaves a link in place of the user's own team file a link: the key is never copied into the repo, nor committed (row 4)", () => {
    const outside = outsideWitness();
    const dev = trackedTeamRepo();
    const [own] = dev.git('ls-files', '.flowforge/team').split('\n') as [string];
    rmSync(join(dev.repo, own));
    symlinkSync(outside.secret, join(dev.repo, own));

    refused(dev.ff('recover', '--team'), 'FF_NOT_A_FILE', 1, own);
    expect(lstatSync(join(dev.repo, own)).isSymbolicLink()).toBe(true);
    dev.ff('add', '43', '--duration', '30m', '--date', '2026-11-03');
    const commit = dev.commit('after recover', { 'd.txt': 'd\n' });
    expect(commit.code).toBe(0);
    expectCalm(commit);
    expect(everyCommittedByte(dev)).not.toContain(SECRET);
    outside.unchanged();

    // The hint's fix: remove the link, and recover rebuilds the file from the private layer.
    rmSync(join(dev.repo, own));
    dev.ffOk('recover', '--team');
    expect(dev.ff('verify').code).toBe(0);
  });
});

describe('a link in place of a private file or a backup manifest', () => {
  it("the clone's id file linked to a secret: refused by name, never read", () => {
    const outside = outsideWitness();
    const dev = trackedTeamRepo();
    const clone = join(dev.repo, '.flowforge/user/alice/clone');
    rmSync(clone);
    symlinkSync(outside.secret, clone);
    dev.ffOk('add', '43', '--duration', '30m', '--date', '2026-11-03');
    refused(dev.ff('aggregate'), 'FF_NOT_A_FILE', 1, 'clone');
    outside.unchanged();
  });

  it('a manifest linked to /dev/zero makes its snapshot broken, and listing ends', () => {
    const dev = trackedTeamRepo();
    const listed = JSON.parse(dev.ff('recover', '--list', '--json').stdout) as { dir: string; snapshots: { id: string; status: string }[] };
    const [snapshot] = listed.snapshots as [{ id: string; status: string }];
    const manifest = join(listed.dir, snapshot.id, 'manifest.json');
    rmSync(manifest);
    symlinkSync('/dev/zero', manifest);
    const list = dev.ff('recover', '--list', '--json');
    expectCalm(list);
    expect((JSON.parse(list.stdout) as typeof listed).snapshots.find((found) => found.id === snapshot.id)?.status).toBe('broken');
  });
});

/** `to` as a path relative to the folder `from`: how a committed link leads outside without an absolute path. */
function relativeFrom(from: string, to: string): string {
  const up = from.split('/').filter(Boolean).map(() => '..');
  return join(...up, to);
}
