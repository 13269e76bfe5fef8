import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFiles } from '../helpers/repo.js';
import { teamRepo } from '../helpers/team.js';
import { expectCalm, privateCommitted, refused, trackedTeamRepo } from './hostile.js';

/**
 * Rows 1 and 6: files a commit put under `.flowforge/daemon/` or `.flowforge/user/`, which git must
 * never track. They are neither obeyed nor billed: every command refuses until they are removed.
 */

/** Seconds of `issue` in the team files committed at HEAD: the newest revision of each shard's month, as reports read them. */
function committedSecondsOf(dev: ReturnType<typeof teamRepo>, issue: string): number {
  const newest = new Map<string, { revision: number; path: string }>();
  for (const path of dev.git('ls-tree', '-r', '--name-only', 'HEAD', '--', '.flowforge/team').split('\n').filter(Boolean)) {
    const [, month, revision] = /\/(\d{4}-\d{2})\.r(\d+)\.[0-9a-f]{12}\.json$/.exec(path) ?? [];
    const key = `${path.slice(0, path.lastIndexOf('/'))} ${month}`;
    if (Number(revision) > (newest.get(key)?.revision ?? -1)) newest.set(key, { revision: Number(revision), path });
  }
  let seconds = 0;
  for (const { path } of newest.values()) {
    const file = JSON.parse(dev.git('show', `HEAD:${path}`)) as { buckets: { issue: string; seconds: number }[] };
    for (const bucket of file.buckets) if (bucket.issue === issue) seconds += bucket.seconds;
  }
  return seconds;
}

describe('private and runtime files that came with a commit', () => {
  it('a committed .flowforge/daemon/unstaged never makes a commit stage .env or delete guard.js (row 1)', () => {
    const dev = teamRepo({ files: { '.gitignore': 'node_modules\n.env\n', 'guard.js': 'export const guard = true;\n' } });
    // alice tracks time; then a teammate's commit lands with runtime state in it.
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    writeFiles(dev.repo, { '.env': 'TOKEN=secret\n', '.flowforge/daemon/unstaged': '+.env\n-guard.js\n' });
    dev.git('add', '--force', '.flowforge/daemon/unstaged');
    dev.git('commit', '--quiet', '--no-verify', '-m', 'a teammate commits runtime state');

    const commit = dev.commit('my work', { 'a.txt': 'a\n' });
    expect(commit.code).toBe(0);
    expect(commit.stderr).toContain('FF_PRIVATE_TRACKED');
    expectCalm(commit);
    expect(dev.lastCommitFiles()).toEqual(['A\ta.txt']);
    expect(existsSync(join(dev.repo, 'guard.js'))).toBe(true);
    expect(dev.git('ls-files', '.env')).toBe('');
  });

  it('a force-added daily log with a fake 8 h entry is never billed, and the fix the error gives works (row 6)', () => {
    // The attacker's file: a real daily log of alice's, made in another repo.
    const forge = teamRepo();
    forge.ffOk('add', '99', '--duration', '8h', '--date', '2026-11-05');
    const daily = '.flowforge/user/alice/time/daily/2026-11-05.jsonl';
    const fake = readFileSync(join(forge.repo, daily), 'utf8');

    const dev = trackedTeamRepo();
    dev.ffOk('add', '43', '--duration', '15m', '--date', '2026-11-06');
    writeFiles(dev.repo, { [daily]: fake });
    dev.git('add', '--force', daily);
    dev.git('commit', '--quiet', '--no-verify', '-m', 'a teammate commits a log in alice name');

    for (const args of [['status'], ['log'], ['add', '44', '--duration', '15m', '--date', '2026-11-06'], ['aggregate', '--all'], ['report', '--period', '2026-11']])
      refused(dev.ff(...args), 'FF_PRIVATE_TRACKED', 1, daily);
    const blocked = dev.commit('more work', { 'b.txt': 'b\n' });
    expect(blocked.code).toBe(0);
    expect(blocked.stderr).toContain('FF_PRIVATE_TRACKED');
    expect(committedSecondsOf(dev, '99')).toBe(0);

    // The hint: the files came with someone else's commit, so they go from disk too.
    expect(dev.ff('status').stderr).toContain('git rm -r --ignore-unmatch .flowforge/user .flowforge/daemon');
    dev.git('rm', '-r', '--quiet', '--ignore-unmatch', '.flowforge/user', '.flowforge/daemon');
    dev.git('commit', '--quiet', '-m', 'remove what was never ours');
    expect(privateCommitted(dev)).toEqual([]);
    expect(readdirSync(join(dev.repo, '.flowforge/user/alice/time/daily'))).not.toContain('2026-11-05.jsonl');
    dev.commitOk('after the fix', { 'c.txt': 'c\n' });
    expect(committedSecondsOf(dev, '99')).toBe(0);
    expect(committedSecondsOf(dev, '42')).toBe(3600);
    expect(committedSecondsOf(dev, '43')).toBe(900);
  });
});
