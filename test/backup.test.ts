import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './helpers/cli.js';
import { linkInstall } from './helpers/repo.js';
import { cloneFor, type Developer, tempDir, teamRepo } from './helpers/team.js';

/** A team config without imports; `backup` is the backup plugin's options. */
const configWith = (backup: Record<string, unknown> = {}) => ({
  'flowforge.config.mjs': `export default {
  team: { name: 'acme', timezone: 'Europe/Berlin' },
  plugins: ['@flowforge/plugin-granularity', ['@flowforge/plugin-backup', ${JSON.stringify(backup)}]],
};
`,
});

interface SnapshotJson {
  id: string;
  createdAt: string | null;
  entries: number | null;
  records: number | null;
  seconds: number | null;
  status: 'good' | 'broken';
  shrunk: boolean;
  restoredByDefault: boolean;
  problems: string[];
}

interface ListJson {
  schema: string;
  user: string;
  repoId: string;
  dir: string;
  snapshots: SnapshotJson[];
  otherClones: string[];
  team: { damaged: { path: string; problems: string[] }[] };
}

interface ManifestJson {
  schema: string;
  id: string;
  files: { path: string; size: number; sha256: string }[];
  totals: { files: number; bytes: number; entries: number; records: number; seconds: number };
  shrunk: boolean;
  comparedWith?: { id: string; records: number; seconds: number };
}

const list = (dev: Developer) => dev.json<ListJson>('recover', '--list');
const home = (dev: Developer) => dev.env().FLOWFORGE_HOME as string;
const manifestOf = (list: ListJson, id: string) => JSON.parse(readFileSync(join(list.dir, id, 'manifest.json'), 'utf8')) as ManifestJson;
/** Where a snapshot's file is stored: `objects/<sha256>`, beside `snapshots/`, shared by every snapshot that holds those bytes. */
const snapshotFile = (list: ListJson, id: string, path: string) =>
  join(list.dir, '..', 'objects', manifestOf(list, id).files.find((file) => file.path === path)?.sha256 ?? 'not-in-the-manifest');
/** Every entry of alice's, whatever the days (`log` shows the last seven by default). */
const fullLog = (dev: Developer) => dev.ffOk('log', '--from', '2026-01-01', '--to', '2026-12-31', '--json');

/** What `git clean -xfd` leaves: no private layer, no node_modules; the install is linked again as a developer would. */
function cleanClone(dev: Developer): void {
  dev.git('clean', '-xfdq');
  expect(existsSync(join(dev.repo, '.flowforge/user'))).toBe(false);
  linkInstall(dev.repo);
}

function failed(result: CliResult, code: number, errorCode: string): CliResult {
  expect(result.stderr).toContain(errorCode);
  expect(result.code).toBe(code);
  return result;
}

describe('@flowforge/plugin-backup snapshots', () => {
  it('aggregate takes a snapshot with a valid manifest outside the repo, and none when nothing changed', () => {
    const dev = teamRepo({ files: configWith() });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:30', '--note', 'api work');
    dev.ffOk('add', '43', '--from', '2026-11-03T14:00', '--to', '2026-11-03T14:45');
    dev.ffOk('add', '44', '--duration', '10m', '--date', '2026-11-03');
    dev.ffOk('rm', JSON.parse(fullLog(dev)).entries.find((entry: { issue: string }) => entry.issue === '44').id);
    dev.ffOk('aggregate');

    const listed = list(dev);
    expect(listed).toMatchObject({ schema: 'flowforge.snapshots/1', user: 'alice', team: { damaged: [] } });
    expect(listed.dir.startsWith(join(home(dev), 'repos', listed.repoId, 'alice', 'snapshots'))).toBe(true);
    expect(listed.repoId).toMatch(/^flowforge-test-[a-z0-9]+-[0-9a-f]{8}$/);
    expect(listed.snapshots).toHaveLength(1);
    const [snapshot] = listed.snapshots;
    expect(snapshot).toMatchObject({ status: 'good', shrunk: false, restoredByDefault: true, entries: 2, records: 4, seconds: 5400 + 2700 });

    const manifest = manifestOf(listed, snapshot?.id ?? '');
    expect(manifest).toMatchObject({ schema: 'flowforge.snapshot/2', id: snapshot?.id, shrunk: false });
    expect(manifest.files.map((file) => file.path)).toEqual(['clone', 'time/daily/2026-11-02.jsonl', 'time/daily/2026-11-03.jsonl']);
    for (const file of manifest.files) {
      const bytes = readFileSync(snapshotFile(listed, manifest.id, file.path));
      expect(bytes.equals(readFileSync(join(dev.repo, '.flowforge/user/alice', file.path)))).toBe(true);
      expect({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ size: file.size, sha256: file.sha256 });
    }
    expect(manifest.totals).toEqual({ files: 3, bytes: manifest.files.reduce((sum, file) => sum + file.size, 0), entries: 2, records: 4, seconds: 8100 });

    dev.ffOk('aggregate');
    dev.ffOk('aggregate', '--all');
    expect(list(dev).snapshots.map((s) => s.id)).toEqual([snapshot?.id]);
  });

  it('after git clean -xfd, recover brings back every entry, note and timer; the team files come out byte for byte', () => {
    const dev = teamRepo({ files: configWith() });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:30', '--note', 'api work');
    dev.ffOk('add', '43', '--from', '2026-11-30T23:00', '--to', '2026-12-01T01:15', '--note', 'night shift', '--non-billable');
    const edited = JSON.parse(fullLog(dev)).entries[0].id as string;
    dev.ffOk('edit', edited, '--note', 'api work, reviewed');
    dev.now = '2026-12-20T17:00:00Z';
    dev.ffOk('start', '45', '--note', 'still running');
    dev.now = '2026-12-20T18:00:00Z';
    const log = fullLog(dev);
    const status = dev.ffOk('status', '--json');
    dev.commitOk('work', { 'src/a.txt': 'a\n' }); // the hook aggregates: team files and a snapshot
    expect(list(dev).snapshots).toHaveLength(1);

    cleanClone(dev);
    expect(JSON.parse(fullLog(dev)).entries).toEqual([]);
    const restored = dev.json<{ schema: string; restored: string[]; movedTo: string | null; daysMarked: number }>('recover', '--yes');
    const days = readdirSync(join(dev.repo, '.flowforge/user/alice/time/daily')).map((name) => name.slice(0, 10));
    expect(restored).toMatchObject({ schema: 'flowforge.recover/1', movedTo: null, daysMarked: days.length });
    expect(restored.restored).toContain('time/current.json');
    expect(fullLog(dev)).toBe(log);
    expect(dev.ffOk('status', '--json')).toBe(status);
    expect(readFileSync(join(dev.repo, '.flowforge/user/alice/time/changes'), 'utf8')).toBe(days.map((day) => `${day}\n`).join(''));

    // Every day is marked changed: the next aggregation rebuilds the same team files, and no new snapshot.
    expect(dev.ffOk('aggregate')).toContain('0 team file(s) written');
    expect(dev.status()).toBe('');
    expect(list(dev).snapshots).toHaveLength(1);
  });

  it('never overwrites newer private data silently: refuses, and with --yes moves it to quarantine first', () => {
    const dev = teamRepo({ files: configWith() });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00');
    dev.ffOk('aggregate');
    dev.ffOk('add', '43', '--from', '2026-11-02T11:00', '--to', '2026-11-02T12:00', '--note', 'not backed up yet');
    const day = join(dev.repo, '.flowforge/user/alice/time/daily/2026-11-02.jsonl');
    const newer = readFileSync(day);

    const refused = failed(dev.ff('recover'), 2, 'FF_RECOVER_CONFLICT');
    expect(refused.stderr).toContain('time/daily/2026-11-02.jsonl');
    expect(readFileSync(day).equals(newer)).toBe(true);

    const result = dev.json<{ movedTo: string }>('recover', '--yes');
    expect(result.movedTo).toMatch(/^\.flowforge\/user\/alice\/\.quarantine\/pre-recover-\d{8}T\d+Z$/);
    expect(readFileSync(join(dev.repo, result.movedTo, 'time/daily/2026-11-02.jsonl')).equals(newer)).toBe(true);
    expect(JSON.parse(fullLog(dev)).entries.map((entry: { issue: string }) => entry.issue)).toEqual(['42']);
  });

  it('a snapshot never shrinks silently: flagged, warned about, and the larger one survives keep: 1', () => {
    const dev = teamRepo({ files: configWith({ keep: 1 }) });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T11:00');
    dev.ffOk('add', '43', '--from', '2026-11-03T09:00', '--to', '2026-11-03T10:00');
    dev.ffOk('aggregate');
    const [large] = list(dev).snapshots;
    const id = JSON.parse(fullLog(dev)).entries[0].id as string;
    dev.ffOk('rm', id);

    const shrinking = dev.ff('aggregate');
    expect(shrinking.code).toBe(0);
    expect(shrinking.stderr).toMatch(/\[@flowforge\/plugin-backup\] warn: snapshot \S+ holds less than \S+: 3 records and 3600 s now, 2 records and 10800 s before/);
    const afterShrink = list(dev);
    expect(afterShrink.snapshots.map((s) => [s.id, s.status, s.shrunk, s.seconds])).toEqual([
      [expect.any(String), 'good', true, 3600],
      [large?.id, 'good', false, 10800],
    ]);
    const shrunk = manifestOf(afterShrink, afterShrink.snapshots[0]?.id ?? '');
    expect(shrunk).toMatchObject({ shrunk: true, comparedWith: { id: large?.id, records: 2, seconds: 10800 } });

    // More time, still less than the largest: keep: 1 prunes the shrunk one, never the largest.
    dev.ffOk('add', '44', '--from', '2026-11-04T09:00', '--to', '2026-11-04T09:30');
    dev.ffOk('aggregate');
    const latest = list(dev).snapshots;
    expect(latest.map((s) => [s.status, s.shrunk, s.seconds])).toEqual([
      ['good', false, 5400],
      ['good', false, 10800],
    ]);
    expect(latest[1]?.id).toBe(large?.id);

    // A truncated daily log (fewer records) is a shrink too; the one with the most records is kept as well.
    writeFileSync(join(dev.repo, '.flowforge/user/alice/time/daily/2026-11-04.jsonl'), '');
    expect(dev.ff('aggregate', '--all').stderr).toContain(`: 3 records and 3600 s now, 4 records and 5400 s before`);
    expect(list(dev).snapshots.map((s) => [s.id, s.shrunk, s.records, s.seconds])).toEqual([
      [expect.any(String), true, 3, 3600],
      [latest[0]?.id, false, 4, 5400],
      [large?.id, false, 2, 10800],
    ]);
  });

  it('a corrupted snapshot is broken: listed so, skipped by recover, refused by --snapshot; unchanged files are stored once', () => {
    const dev = teamRepo({ files: configWith() });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00', '--note', 'first');
    dev.ffOk('add', '43', '--from', '2026-11-03T09:00', '--to', '2026-11-03T10:00');
    dev.ffOk('aggregate');
    const logAtFirst = fullLog(dev);
    dev.ffOk('add', '44', '--from', '2026-11-02T11:00', '--to', '2026-11-02T12:00', '--note', 'second');
    dev.ffOk('aggregate');
    const before = list(dev);
    const [second, first] = before.snapshots.map((s) => s.id) as [string, string];

    // The unchanged day is one file on disk for both snapshots; the appended one is not.
    const unchanged = 'time/daily/2026-11-03.jsonl';
    const appended = 'time/daily/2026-11-02.jsonl';
    expect(snapshotFile(before, second, unchanged)).toBe(snapshotFile(before, first, unchanged));
    expect(statSync(snapshotFile(before, second, appended)).ino).not.toBe(statSync(snapshotFile(before, first, appended)).ino);

    const damaged = snapshotFile(before, second, appended);
    chmodSync(damaged, 0o600);
    appendFileSync(damaged, '{"v":1,"op":"add"}\n');
    const after = list(dev);
    expect(after.snapshots.map((s) => [s.id, s.status, s.restoredByDefault])).toEqual([
      [second, 'broken', false],
      [first, 'good', true],
    ]);
    expect(after.snapshots[0]?.problems).toEqual([`${appended} does not match its SHA-256`]);
    expect(dev.ffOk('recover', '--list')).toMatch(new RegExp(`${second}.*broken: ${appended} does not match its SHA-256`));

    cleanClone(dev);
    failed(dev.ff('recover', '--snapshot', second), 1, 'FF_SNAPSHOT_BROKEN');
    failed(dev.ff('recover', '--snapshot', '999'), 2, 'FF_SNAPSHOT_NOT_FOUND');
    const recovered = dev.ffOk('recover');
    expect(recovered).toContain(`Skipped broken snapshot ${second}: ${appended} does not match its SHA-256`);
    expect(recovered).toContain(`from snapshot ${first}`);
    expect(fullLog(dev)).toBe(logAtFirst);

    // The next snapshot stores the day's new bytes, and is good.
    dev.ffOk('add', '45', '--from', '2026-11-02T13:00', '--to', '2026-11-02T14:00');
    dev.ffOk('aggregate');
    expect(list(dev).snapshots.map((s) => s.status)).toEqual(['good', 'broken', 'good']);
  });

  it('retention keeps the newest `keep` snapshots', () => {
    const dev = teamRepo({ files: configWith({ keep: 2 }) });
    const ids: string[] = [];
    for (const hour of ['09', '10', '11', '12']) {
      dev.ffOk('add', '42', '--from', `2026-11-02T${hour}:00`, '--to', `2026-11-02T${hour}:30`);
      dev.ffOk('aggregate');
      ids.push(list(dev).snapshots[0]?.id ?? '');
    }
    expect(new Set(ids).size).toBe(4);
    const kept = list(dev);
    expect(kept.snapshots.map((s) => s.id)).toEqual([ids[3], ids[2]]);
    expect(readdirSync(kept.dir).sort()).toEqual([ids[2], ids[3]]);
  });

  it('the dir option moves the backups; another clone restores them with --repo-id', () => {
    const backups = tempDir('flowforge-backups-');
    const dev = teamRepo({ files: configWith({ dir: backups }) });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00', '--note', 'on the old laptop');
    dev.ffOk('aggregate');
    const listed = list(dev);
    expect(listed.dir).toBe(join(backups, 'repos', listed.repoId, 'alice', 'snapshots'));
    expect(existsSync(join(home(dev), 'repos'))).toBe(false);
    const log = fullLog(dev);
    dev.git('add', '--all');
    dev.git('commit', '--quiet', '-m', 'time');

    const laptop = cloneFor(dev.repo, 'alice');
    const missing = failed(laptop.ff('recover'), 1, 'FF_NO_SNAPSHOT');
    expect(missing.stderr).toContain(`--repo-id <id>`);
    expect(missing.stderr).toContain(listed.repoId);
    expect(laptop.json<ListJson>('recover', '--list').otherClones).toEqual([listed.repoId]);
    laptop.ffOk('recover', '--repo-id', listed.repoId);
    expect(fullLog(laptop)).toBe(log);
  });

  it('recover --team rebuilds a damaged team file of yours from your private data', () => {
    const dev = teamRepo({ files: configWith() });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00');
    dev.commitOk('work', { 'src/a.txt': 'a\n' });
    const [path] = dev.git('ls-files', '.flowforge/team/alice').split('\n');
    const file = join(dev.repo, path ?? '');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('"seconds":3600', '"seconds":7200'));

    const listed = list(dev);
    expect(listed.team.damaged).toEqual([{ path, problems: ['its bytes do not match the hash in its name'] }]);
    expect(dev.ffOk('recover', '--list')).toContain('flowforge recover --team');
    expect(dev.ffOk('recover', '--team')).toContain(`Rebuilt ${path} from your private data.`);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(dev.ffOk('recover', '--team')).toContain('intact');
  });
});

describe('flowforge erase', () => {
  it('refuses without --yes, then removes private data, backups and (--include-team) team files, listing them', () => {
    const dev = teamRepo({ files: configWith() });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00');
    dev.commitOk('alice works', { 'src/a.txt': 'a\n' });
    const bob = (...args: string[]) => runCli(args, { cwd: dev.repo, env: dev.env({ FLOWFORGE_USER: 'bob' }) });
    expect(bob('add', '7', '--from', '2026-11-02T09:00', '--to', '2026-11-02T11:00').code).toBe(0);
    expect(bob('aggregate').code).toBe(0);
    dev.git('add', '--all');
    dev.git('commit', '--quiet', '--no-verify', '-m', 'bob works');
    const bobBackups = join(home(dev), 'repos', list(dev).repoId, 'bob');
    const bobFiles = ['.flowforge/user/bob', bobBackups, '.flowforge/team/bob'].map((path) => (path.startsWith('/') ? path : join(dev.repo, path)));
    for (const path of bobFiles) expect(existsSync(path), path).toBe(true);

    const refused = failed(dev.ff('erase', '--user', 'bob', '--include-team'), 2, 'FF_ERASE_UNCONFIRMED');
    expect(refused.stdout).toContain('.flowforge/user/bob/');
    expect(refused.stdout).toContain(`${bobBackups} (backups)`);
    expect(refused.stdout).toContain('.flowforge/team/bob/');
    for (const path of bobFiles) expect(existsSync(path), path).toBe(true);

    failed(dev.ff('erase', '--user', 'Bob!', '--yes'), 2, 'FF_BAD_USER_ID');

    // Without --include-team the committed files stay.
    const privateOnly = dev.ffOk('erase', '--user', 'bob', '--yes');
    expect(privateOnly).toContain('removed .flowforge/user/bob/');
    expect(privateOnly).toContain(`removed ${bobBackups} (backups)`);
    expect(existsSync(join(dev.repo, '.flowforge/team/bob'))).toBe(true);

    const team = dev.ffOk('erase', '--user', 'bob', '--include-team', '--yes');
    expect(team).toContain('removed .flowforge/team/bob/');
    expect(team).toContain('git add --all -- .flowforge/team/bob');
    for (const path of bobFiles) expect(existsSync(path), path).toBe(false);
    expect(dev.status().split('\n').every((line) => line.startsWith(' D .flowforge/') && /\/bob\//.test(line))).toBe(true);
    expect(dev.ffOk('erase', '--user', 'bob', '--include-team', '--yes')).toContain('Nothing of bob');

    // Alice's data is untouched.
    expect(JSON.parse(fullLog(dev)).entries).toHaveLength(1);
    expect(list(dev).snapshots).toHaveLength(1);
  });
});
