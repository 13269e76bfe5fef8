import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentError } from '../../packages/core/src/errors.js';
import { runCliAsync } from '../helpers/cli.js';
import { teamRepo } from '../helpers/team.js';
import { refused, trackedTeamRepo } from './hostile.js';

/**
 * Rows 7, 8, 14 and 15: a config that never loads, dates outside what a calendar of filed months
 * can hold, a clock far in the future, and failures of the machine (a full disk, a folder where a
 * file belongs) — each a clear error with its own code, never a hang, a silent exit or FF_INTERNAL.
 */

describe('inputs out of range', () => {
  it('a config module that never settles is FF_CONFIG_TIMEOUT, exit 2, for every command that loads it (row 7)', async () => {
    const dev = teamRepo();
    writeFileSync(join(dev.repo, 'flowforge.config.mjs'), 'export default await new Promise(() => {});\n');
    const env = dev.env();
    const runs = await Promise.all(
      [['add', '42', '--duration', '1h', '--date', '2026-11-02'], ['start', '42'], ['report', '--period', '2026-11']].map((args) => runCliAsync(args, { cwd: dev.repo, env })),
    );
    for (const run of runs) refused(run, 'FF_CONFIG_TIMEOUT', 2, 'flowforge.config.mjs');
    // Nothing was recorded while the config was waited on.
    expect(existsSync(join(dev.repo, '.flowforge/user/alice/time/daily'))).toBe(false);
    const doctor = await runCliAsync(['doctor'], { cwd: dev.repo, env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('✗ config: FF_CONFIG_TIMEOUT');
  });

  it('a day before 1970 is refused with exit 2, and later aggregations still reach the team layer (row 8)', () => {
    const dev = trackedTeamRepo();
    refused(dev.ff('add', '9', '--duration', '1m', '--date', '1969-12-31'), 'FF_OUT_OF_RANGE', 2, '1969-12-31');
    refused(dev.ff('add', '9', '--from', '1969-12-31T10:00', '--to', '1969-12-31T11:00'), 'FF_OUT_OF_RANGE', 2);
    dev.ffOk('add', '9', '--duration', '1m', '--date', '2026-11-03');
    dev.commitOk('more', { 'b.txt': 'b\n' });
    const report = dev.ff('report', '--period', '2026-11', '--format', 'csv');
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/alice,9,0\.02,/);
  });

  it('a clock in the year 9999 is FF_BAD_NOW, exit 2, at once — not a loop holding the lock (row 14)', () => {
    const dev = trackedTeamRepo();
    dev.now = '9999-12-31T12:00:00Z';
    refused(dev.ff('add', '42', '--duration', '1m'), 'FF_BAD_NOW', 2, '9999-12-31T12:00:00Z');
    refused(dev.ff('status'), 'FF_BAD_NOW', 2);
    refused(dev.ff('start', '42'), 'FF_BAD_NOW', 2);
    dev.now = '2026-12-20T18:00:00Z';
    // The lock was never left behind.
    dev.ffOk('add', '42', '--duration', '1m');
  });

  it('a plugin given as a data: or https: URL is a config error, not a plugin bug (row 15)', () => {
    for (const specifier of ['data:text/javascript,export default {name:"x",apply(){}}', 'https://example.com/plugin.mjs']) {
      const dev = teamRepo();
      writeFileSync(join(dev.repo, 'flowforge.config.mjs'), `export default { plugins: [${JSON.stringify(specifier)}] };\n`);
      refused(dev.ff('report'), 'FF_CONFIG_INVALID', 2, 'plugins[0]');
      // Recording time never refuses a broken config: it records, then says what is wrong.
      const added = dev.ff('add', '42', '--duration', '1h');
      expect(added.code).toBe(0);
      expect(added.stderr).toContain('FF_CONFIG_INVALID');
      expect(added.stderr).toContain('plugins[0]');
    }
  });
});

describe('failures of the machine are named, not internal errors (row 15)', () => {
  it('a full disk: FF_DISK_FULL naming the file, exit 1', () => {
    const dev = trackedTeamRepo();
    refused(dev.ff('report', '--period', '2026-11', '--out', '/dev/full'), 'FF_DISK_FULL', 1, '/dev/full');
  });

  it('a folder where a daily log belongs: FF_WRONG_KIND naming it, exit 1, and the fix its hint gives works', () => {
    const dev = trackedTeamRepo();
    const folder = join(dev.repo, '.flowforge/user/alice/time/daily/2026-11-03.jsonl');
    mkdirSync(folder);
    const result = dev.ff('add', '42', '--duration', '30m', '--date', '2026-11-03');
    refused(result, 'FF_WRONG_KIND', 1, folder);
    // Its hint, followed: the folder moved aside, tracking works again.
    expect(result.stderr).toContain(`mv ${folder} ${folder}.aside`);
    renameSync(folder, `${folder}.aside`);
    dev.ffOk('add', '42', '--duration', '30m', '--date', '2026-11-03');
  });

  it('permission and read-only errors map to their codes, naming the path (as root, the kernel lets every write through, so the mapping is checked directly)', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code, path: '/repo/.flowforge/team' });
    expect(environmentError(errno('EACCES'))).toMatchObject({ code: 'FF_NO_PERMISSION', exitCode: 1 });
    expect(environmentError(errno('EPERM'))).toMatchObject({ code: 'FF_NO_PERMISSION' });
    expect(environmentError(errno('EROFS'))).toMatchObject({ code: 'FF_READ_ONLY' });
    expect(environmentError(errno('EDQUOT'))).toMatchObject({ code: 'FF_DISK_FULL' });
    expect(environmentError(errno('ENOTDIR'))?.message).toContain('/repo/.flowforge/team');
    // Without a path it is not the machine's doing as far as anyone can tell: left to FF_INTERNAL.
    expect(environmentError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBeUndefined();
    expect(environmentError(Object.assign(new Error('x'), { code: 'ERR_ASSERTION', path: '/p' }))).toBeUndefined();
  });
});
