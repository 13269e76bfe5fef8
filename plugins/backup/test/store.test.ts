import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { chmod, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type LogRecord, UserStore } from '@flowforge/core/internal';
import { afterEach, describe, expect, it } from 'vitest';
import { layerFile } from '../src/manifest.js';
import { restoreSnapshot } from '../src/restore.js';
import { SnapshotStore } from '../src/snapshot-store.js';
import { takeSnapshot } from '../src/take-snapshot.js';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const entryLine = (id: string, hour: number, minutes = 60) =>
  `${JSON.stringify({
    v: 1,
    op: 'add',
    at: '2026-11-02T20:00:00Z',
    entry: { id, issue: '42', start: `2026-11-02T${String(hour).padStart(2, '0')}:00:00Z`, end: new Date(Date.UTC(2026, 10, 2, hour, minutes)).toISOString().replace('.000', ''), billable: true },
  })}\n`;

/** A user's private folder and a snapshots folder in a fresh temp dir. */
function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'flowforge-backup-unit-'));
  created.push(root);
  const userRoot = join(root, 'repo/.flowforge/user/alice');
  mkdirSync(join(userRoot, 'time/daily'), { recursive: true });
  const logs: LogRecord[] = [];
  const snapshotsDir = join(root, 'home/repos/repo-01234567/alice/snapshots');
  const snapshot = (keep = 30) =>
    takeSnapshot({
      userRoot,
      user: 'alice',
      repo: { id: 'repo-01234567', path: join(root, 'repo') },
      snapshotsDir,
      keep,
      trigger: 'manual',
      nowMs: Date.parse('2026-11-02T20:00:00Z'),
      logger: createLogger('@flowforge/plugin-backup', (record) => logs.push(record)),
    });
  const write = (path: string, text: string) => writeFileSync(join(userRoot, path), text);
  const userDir = join(snapshotsDir, '..');
  return { userRoot, snapshotsDir, userDir, objectsDir: join(userDir, 'objects'), snapshot, write, logs, store: new SnapshotStore(snapshotsDir) };
}

describe('SnapshotStore and takeSnapshot', () => {
  it('takes nothing of an empty layer, then numbered snapshots, storing each content once', async () => {
    const { snapshot, write, store, objectsDir } = setUp();
    expect(await snapshot()).toEqual({ action: 'empty' });
    write('time/daily/2026-11-01.jsonl', entryLine('aaaaa1', 8));
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa2', 8));
    const first = await snapshot();
    expect(first).toMatchObject({ action: 'created', id: '000001-20261102T200000Z', reused: 0, written: 2 });
    expect(await snapshot()).toEqual({ action: 'unchanged', id: '000001-20261102T200000Z' });

    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa2', 8) + entryLine('aaaaa3', 10));
    expect(await snapshot()).toMatchObject({ action: 'created', id: '000002-20261102T200000Z', reused: 1, written: 1, shrunk: false });
    const [second, firstInfo] = await store.list();
    expect(second?.manifest?.totals).toMatchObject({ entries: 3, records: 3, seconds: 3 * 3600 });
    expect(second?.manifest?.files).toEqual([
      expect.objectContaining({ path: 'time/daily/2026-11-01.jsonl', records: 1, entries: 1, seconds: 3600, unreadable: 0 }),
      expect.objectContaining({ path: 'time/daily/2026-11-02.jsonl', records: 2, entries: 2, seconds: 7200, unreadable: 0 }),
    ]);
    expect(firstInfo?.status).toBe('good');
    // Three contents in all: the first day's log once, the second day's in two versions.
    const objects = readdirSync(objectsDir);
    expect(objects).toHaveLength(3);
    expect(objects.map((name) => statSync(join(objectsDir, name)).mode & 0o777)).toEqual([0o400, 0o400, 0o400]);
    expect(readdirSync(join(store.dir, '000002-20261102T200000Z'))).toEqual(['manifest.json']);
  });

  it('finds every way a snapshot can break: a damaged or missing object, a bad manifest', async () => {
    const { snapshot, write, store, objectsDir } = setUp();
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 8));
    write('config.json', '{"timezone":"UTC"}');
    await snapshot();
    const [good] = await store.list();
    const objectOf = (path: string) => join(objectsDir, good!.manifest!.files.find((file) => file.path === path)!.sha256);
    await chmod(objectOf('time/daily/2026-11-02.jsonl'), 0o600);
    await appendFile(objectOf('time/daily/2026-11-02.jsonl'), 'x');
    rmSync(objectOf('config.json'));
    const [broken] = await store.list();
    expect(broken?.status).toBe('broken');
    expect(broken?.problems).toEqual(['config.json is missing', 'time/daily/2026-11-02.jsonl does not match its SHA-256']);
    await expect(store.readFiles(broken!)).rejects.toMatchObject({ code: 'FF_SNAPSHOT_BROKEN' });

    writeFileSync(join(store.dir, broken!.id, 'manifest.json'), '{');
    expect((await store.list())[0]).toMatchObject({ status: 'broken', manifest: undefined });
  });

  it('checks every tenth snapshot, and any run whose index disagrees: damaged objects are stored again, unused ones removed', async () => {
    const { snapshot, write, store, objectsDir, userDir } = setUp();
    const day = (n: number) => Array.from({ length: n }, (_, i) => entryLine(`aaaa${String(i).padStart(2, '0')}`, i)).join('');
    write('config.json', '{"timezone":"UTC"}');
    const checked: boolean[] = [];
    for (let n = 1; n <= 10; n += 1) {
      write('time/daily/2026-11-02.jsonl', day(n));
      const outcome = await snapshot(3);
      if (outcome.action === 'created') checked.push(outcome.checked);
    }
    // The tenth is due.
    expect(checked).toEqual([false, false, false, false, false, false, false, false, false, true]);
    // Three snapshots kept, each naming config.json and its own version of the day: no other object is left.
    const kept = await store.list();
    expect(kept.map((s) => s.status)).toEqual(['good', 'good', 'good']);
    expect(readdirSync(objectsDir).sort()).toEqual([...new Set(kept.flatMap((s) => s.manifest!.files.map((file) => file.sha256)))].sort());

    // Damage the object every snapshot shares: the next run trusts the index, so nothing is checked …
    const config = join(objectsDir, kept[0]!.manifest!.files.find((file) => file.path === 'config.json')!.sha256);
    await chmod(config, 0o600);
    writeFileSync(config, '{"timezone":"XXX"}');
    write('time/daily/2026-11-02.jsonl', day(11));
    expect(await snapshot(3)).toMatchObject({ checked: false });
    expect((await store.list()).map((s) => s.status)).toEqual(['broken', 'broken', 'broken']);
    // … until the index goes (or a manifest changes): that run stores config.json again from the live file, which repairs them all.
    rmSync(join(userDir, 'snapshots.index'));
    write('time/daily/2026-11-02.jsonl', day(12));
    expect(await snapshot(3)).toMatchObject({ checked: true });
    expect((await store.list()).map((s) => s.status)).toEqual(['good', 'good', 'good']);
  });

  it('still reads, verifies and restores a /1 snapshot (its files in its own folder), and counts its logs for the next', async () => {
    const { snapshot, write, store, userRoot } = setUp();
    const log = entryLine('aaaaa1', 8);
    const file = layerFile('time/daily/2026-11-02.jsonl', Buffer.from(log));
    const id = '000001-20261101T000000Z';
    mkdirSync(join(store.dir, id, 'files/time/daily'), { recursive: true });
    writeFileSync(join(store.dir, id, 'files/time/daily/2026-11-02.jsonl'), log);
    writeFileSync(
      join(store.dir, id, 'manifest.json'),
      JSON.stringify({
        schema: 'flowforge.snapshot/1',
        id,
        user: 'alice',
        repo: { id: 'repo-01234567', path: '/x' },
        createdAt: '2026-11-01T00:00:00Z',
        trigger: 'manual',
        files: [{ path: file.path, size: file.size, sha256: file.sha256 }],
        totals: { files: 1, bytes: file.size, entries: 1, records: 1, seconds: 3600 },
        shrunk: false,
      }),
    );
    const [v1] = await store.list();
    expect(v1).toMatchObject({ id, status: 'good' });
    writeFileSync(join(store.dir, id, 'files/extra'), '');
    expect((await store.list())[0]?.problems).toEqual(['extra is not in the manifest']);
    rmSync(join(store.dir, id, 'files/extra'));

    expect(await restoreSnapshot(new UserStore(userRoot, 'alice'), store, v1!, { overwrite: false })).toMatchObject({ restored: [file.path] });
    write('time/daily/2026-11-02.jsonl', log + entryLine('aaaaa2', 10));
    expect(await snapshot()).toMatchObject({ action: 'created', id: '000002-20261102T200000Z', shrunk: false });
    expect((await store.list())[0]?.manifest).toMatchObject({ schema: 'flowforge.snapshot/2', totals: { entries: 2, records: 2, seconds: 7200 } });
  });

  it('recognises an unchanged live file by its stamps, and a file changed in place by its change time', async () => {
    const { snapshot, write, store, userRoot, userDir } = setUp();
    const past = new Date(Date.now() - 3_600_000);
    const log = join(userRoot, 'time/daily/2026-11-02.jsonl');
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 8));
    utimesSync(log, past, past);
    await snapshot();
    const stamps = join(userDir, 'live-files.stamps');
    const [first] = await store.list();
    const hash = first!.manifest!.files[0]!.sha256;
    expect(readFileSync(stamps, 'utf8')).toContain(hash);

    // Same size, same modification time, other bytes: only the change time tells.
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 9));
    utimesSync(log, past, past);
    expect(await snapshot()).toMatchObject({ action: 'created', written: 1 });
    const [second] = await store.list();
    expect(second!.manifest!.files[0]!.sha256).not.toBe(hash);
    expect(second?.status).toBe('good');
  });

  it('removes what a crash left half-written or half-deleted, and never lists it', async () => {
    const { snapshot, write, store, snapshotsDir } = setUp();
    mkdirSync(join(snapshotsDir, '.tmp-abc/files'), { recursive: true });
    mkdirSync(join(snapshotsDir, '.del-000009-20261101T000000Z'), { recursive: true });
    expect(await store.list()).toEqual([]);
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 8));
    await snapshot();
    expect(readdirSync(snapshotsDir)).toEqual(['000001-20261102T200000Z']);
  });

  it('flags and warns about a shrunk snapshot, and keeps the larger one past keep', async () => {
    const { snapshot, write, store, logs } = setUp();
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 8) + entryLine('aaaaa2', 10));
    await snapshot(1);
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 8));
    expect(await snapshot(1)).toMatchObject({ action: 'created', shrunk: true, pruned: [] });
    expect(logs.filter((log) => log.level === 'warn').map((log) => log.message)).toEqual([
      expect.stringContaining('000002-20261102T200000Z holds less than 000001-20261102T200000Z: 1 records and 3600 s now, 2 records and 7200 s before'),
    ]);
    const [shrunk] = await store.list();
    expect(shrunk?.manifest).toMatchObject({ shrunk: true, comparedWith: { id: '000001-20261102T200000Z', records: 2, seconds: 7200 } });
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 8) + entryLine('aaaaa3', 12, 30));
    expect(await snapshot(1)).toMatchObject({ shrunk: false, pruned: ['000002-20261102T200000Z'] });
    expect((await store.list()).map((s) => s.id)).toEqual(['000003-20261102T200000Z', '000001-20261102T200000Z']);
  });

  it('restores into an empty layer and marks every day changed', async () => {
    const { snapshot, write, store, userRoot } = setUp();
    write('time/daily/2026-11-01.jsonl', entryLine('aaaaa1', 8));
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa2', 8));
    write('time/changes', '2026-11-02\n');
    await snapshot();
    rmSync(userRoot, { recursive: true });
    const userStore = new UserStore(userRoot, 'alice');
    const [chosen] = await store.list();
    const result = await restoreSnapshot(userStore, store, chosen!, { overwrite: false });
    expect(result).toEqual({ unchanged: false, restored: ['time/daily/2026-11-01.jsonl', 'time/daily/2026-11-02.jsonl'], movedTo: null, days: ['2026-11-01', '2026-11-02'] });
    expect(await userStore.changedDays()).toEqual(['2026-11-01', '2026-11-02']);
    expect([...(await userStore.entriesOfDay('2026-11-01')).keys()]).toEqual(['aaaaa1']);
    expect(await restoreSnapshot(userStore, store, chosen!, { overwrite: false })).toMatchObject({ unchanged: true });
  });
});
