import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOUNDED } from '../helpers/cli.js';
import type { Developer } from '../helpers/team.js';
import { expectCalm, outsideWitness, refused, trackedTeamRepo } from './hostile.js';

/**
 * Rows 9 to 11: data FlowForge reads back — a backup manifest, team files, what a killed write left.
 * Whatever is in them, nothing is written outside its folder, no impossible bill is added up, and
 * nothing half-written is read or left behind for good.
 */

/** Writes `text` as mallory's team file for `month`, named by its hash as FlowForge names them. */
function commitTeamFile(dev: Developer, text: string, month = '2026-11'): string {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const path = `.flowforge/team/mallory/${month}.r1.${hash}.json`;
  mkdirSync(join(dev.repo, '.flowforge/team/mallory'), { recursive: true });
  writeFileSync(join(dev.repo, path), text);
  dev.git('add', path);
  dev.git('commit', '--quiet', '--no-verify', '-m', 'mallory');
  return path;
}

const teamFile = (buckets: object[], rounding: object | null = null) =>
  `${JSON.stringify({ schema: 'flowforge.team/1', user: 'mallory', month: '2026-11', revision: 1, granularity: 'day', rounding, buckets }, null, 2)}\n`;

describe('team files that no aggregation can write (row 10)', () => {
  const cases: Record<string, { buckets: object[]; problem: RegExp }> = {
    'a day that is not on the calendar': {
      buckets: [{ issue: '42', period: '2026-11-31', seconds: 3600, billableSeconds: 3600, entries: 1 }],
      problem: /2026-11-31/,
    },
    '100 h billable for one minute tracked': {
      buckets: [{ issue: '42', period: '2026-11-02', seconds: 60, billableSeconds: 360_000, entries: 1 }],
      problem: /billable/,
    },
    'more time than a day holds': {
      buckets: [{ issue: '42', period: '2026-11-02', seconds: 200_000, billableSeconds: 200_000, entries: 1 }],
      problem: /seconds/,
    },
    'time without an entry': {
      buckets: [{ issue: '42', period: '2026-11-02', seconds: 3600, billableSeconds: 3600, entries: 0 }],
      problem: /entries/,
    },
  };

  for (const [name, { buckets, problem }] of Object.entries(cases)) {
    it(`${name}: verify rejects it and report refuses to bill it, naming the file`, () => {
      const dev = trackedTeamRepo();
      const path = commitTeamFile(dev, teamFile(buckets));
      const verify = JSON.parse(dev.ff('verify', '--json').stdout) as { ok: boolean; problems: { file: string; message: string }[] };
      expect(verify.ok).toBe(false);
      expect(verify.problems.find((found) => found.file === path)?.message).toMatch(problem);
      for (const args of [['report', '--period', '2026-11'], ['report', '--period', '2026'], ['report', '--period', '2026-11', '--ref', 'HEAD']])
        refused(dev.ff(...args), 'FF_TEAM_FILE_INVALID', 1, path);
    });
  }

  it('a file changed after it was written (its bytes no longer match its name) is billed with a warning on stderr, in Markdown and in HTML', () => {
    const dev = trackedTeamRepo();
    const [own] = dev.git('ls-files', '.flowforge/team').split('\n') as [string];
    writeFileSync(join(dev.repo, own), readFileSync(join(dev.repo, own), 'utf8').replaceAll('3600', '7200'));
    expect(dev.ff('verify').code).toBe(1);

    const table = dev.ff('report', '--period', '2026-11');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/alice +42 +2\.00/);
    expect(table.stderr).toContain(`! 1 team file(s) billed here changed after FlowForge wrote them, so \`flowforge verify\` rejects them: ${own}.`);
    // Cached or read anew, the warning stays until the file is fixed.
    expect(dev.ff('report', '--period', '2026-11').stderr).toContain(own);
    expect(dev.ff('report', '--period', '2026-11', '--format', 'md').stdout).toMatch(/^> \*\*Warning:\*\* 1 team file\(s\) billed here changed/m);
    expect(dev.ff('report', '--period', '2026-11', '--format', 'html').stdout).toContain('<p class="warning" role="alert"><strong>Warning:</strong> 1 team file(s) billed');
    expect(dev.ff('report', '--period', '2026-11', '--format', 'csv').stderr).toContain(own);

    dev.git('commit', '--quiet', '--no-verify', '-am', 'a hand edit');
    const atRef = dev.ff('report', '--period', '2026-11', '--ref', 'HEAD');
    expect(atRef.code).toBe(0);
    expect(atRef.stderr).toContain(own);
    dev.git('checkout', '--quiet', 'HEAD~1', '--', own);
    expect(dev.ff('report', '--period', '2026-11').stderr).not.toContain('changed after');
  });

  it('report --ref refuses a committed link or an oversized blob in place of a team file', () => {
    const dev = trackedTeamRepo();
    const big = `.flowforge/team/mallory/2026-11.r1.${'a'.repeat(12)}.json`;
    mkdirSync(join(dev.repo, '.flowforge/team/mallory'), { recursive: true });
    writeFileSync(join(dev.repo, big), `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    dev.git('add', big);
    dev.git('commit', '--quiet', '--no-verify', '-m', 'big');
    refused(dev.ff('report', '--period', '2026-11', '--ref', 'HEAD'), 'FF_FILE_TOO_LARGE', 1, big);
    refused(dev.ff('report', '--period', '2026-11'), 'FF_FILE_TOO_LARGE', 1, big);
  });
});

describe('a backup manifest naming a path outside the private folder (row 9)', () => {
  it('makes the snapshot broken: recover restores nothing from it and writes nothing outside', () => {
    const outside = outsideWitness();
    const dev = trackedTeamRepo();
    const listed = JSON.parse(dev.ff('recover', '--list', '--json').stdout) as { dir: string; snapshots: { id: string; status: string }[] };
    const [snapshot] = listed.snapshots as [{ id: string; status: string }];
    const manifestPath = join(listed.dir, snapshot.id, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; size: number; sha256: string }[] };
    const userDir = join(dev.repo, '.flowforge/user/alice');
    // Up and out, far enough up to reach the witness folder, and absolute.
    const escapes = ['../../../../pwned.txt', join(...Array.from({ length: 12 }, () => '..'), outside.dir, 'pwned.txt'), join(outside.dir, 'pwned.txt')];
    for (const path of escapes) manifest.files.push({ ...(manifest.files[0] as { size: number; sha256: string }), path });
    writeFileSync(manifestPath, JSON.stringify(manifest));

    const list = JSON.parse(dev.ff('recover', '--list', '--json').stdout) as { snapshots: { id: string; status: string }[] };
    expect(list.snapshots.find((found) => found.id === snapshot.id)?.status).toBe('broken');
    const recover = dev.ff('recover', '--snapshot', snapshot.id, '--yes');
    expect(recover.code).toBe(1);
    expect(recover.stderr).toContain('FF_SNAPSHOT_BROKEN');
    expectCalm(recover);
    for (const path of escapes) expect(existsSync(resolve(userDir, path))).toBe(false);
    outside.unchanged();
  });
});

describe('what a killed write leaves (row 11)', () => {
  /** A pid that no process has any more. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0'], BOUNDED).pid as number;

  it('is never read, verify only warns, and the next write to its folder removes it — unless its writer still runs', () => {
    const dev = trackedTeamRepo();
    const [own] = dev.git('ls-files', '.flowforge/team').split('\n') as [string];
    const shard = join(dev.repo, own, '..');
    const name = own.slice(own.lastIndexOf('/') + 1);
    const stale = `.${name}.${deadPid().toString(36)}-1-k3j2h1.tmp`;
    const writer = spawn('sleep', ['60']);
    const live = `.${name}.${(writer.pid as number).toString(36)}-2-a9b8c7.tmp`;
    try {
      writeFileSync(join(shard, stale), '{"half": ');
      writeFileSync(join(shard, live), '{"half": ');

      const verify = JSON.parse(dev.ff('verify', '--json').stdout) as { ok: boolean; problems: { file: string; severity: string }[] };
      expect(verify.ok).toBe(true);
      expect(verify.problems.filter((found) => found.file.endsWith('.tmp')).map((found) => found.severity)).toEqual(['warning', 'warning']);
      expect(dev.ff('report', '--period', '2026-11').code).toBe(0);

      dev.ffOk('add', '42', '--duration', '30m', '--date', '2026-11-03');
      dev.commitOk('more', { 'b.txt': 'b\n' });
      expect(readdirSync(shard)).not.toContain(stale);
      expect(readdirSync(shard)).toContain(live);
      expect(dev.git('ls-files', '.flowforge/team')).not.toContain('.tmp');
    } finally {
      writer.kill();
    }
  });
});
