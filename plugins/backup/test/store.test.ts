import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type LogRecord, UserStore } from '@flowforge/core';
import { afterEach, describe, expect, it } from 'vitest';
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
  return { userRoot, snapshotsDir, snapshot, write, logs, store: new SnapshotStore(snapshotsDir) };
}

describe('SnapshotStore and takeSnapshot', () => {
  it('takes nothing of an empty layer, then numbered snapshots, linking what did not change', async () => {
    const { snapshot, write, store, snapshotsDir } = setUp();
    expect(await snapshot()).toEqual({ action: 'empty' });
    write('time/daily/2026-11-01.jsonl', entryLine('aaaaa1', 8));
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa2', 8));
    const first = await snapshot();
    expect(first).toMatchObject({ action: 'created', id: '000001-20261102T200000Z', linked: 0, copied: 2 });
    expect(await snapshot()).toEqual({ action: 'unchanged', id: '000001-20261102T200000Z' });

    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa2', 8) + entryLine('aaaaa3', 10));
    expect(await snapshot()).toMatchObject({ action: 'created', id: '000002-20261102T200000Z', linked: 1, copied: 1, shrunk: false });
    const [second, firstInfo] = await store.list();
    expect(second?.manifest?.totals).toMatchObject({ entries: 3, records: 3, seconds: 3 * 3600 });
    expect(firstInfo?.status).toBe('good');
    const file = (id: string, path: string) => join(snapshotsDir, id, 'files', path);
    expect(statSync(file('000002-20261102T200000Z', 'time/daily/2026-11-01.jsonl')).nlink).toBe(2);
    expect(statSync(file('000002-20261102T200000Z', 'time/daily/2026-11-02.jsonl')).nlink).toBe(1);
    expect(statSync(file('000002-20261102T200000Z', 'time/daily/2026-11-02.jsonl')).mode & 0o777).toBe(0o400);
  });

  it('finds every way a snapshot can break: a changed, missing or extra file, a bad manifest', async () => {
    const { snapshot, write, store, snapshotsDir } = setUp();
    write('time/daily/2026-11-02.jsonl', entryLine('aaaaa1', 8));
    write('config.json', '{"timezone":"UTC"}');
    await snapshot();
    const dir = join(snapshotsDir, '000001-20261102T200000Z');
    const day = join(dir, 'files/time/daily/2026-11-02.jsonl');
    await chmod(day, 0o600);
    await appendFile(day, 'x');
    writeFileSync(join(dir, 'files/extra'), '');
    rmSync(join(dir, 'files/config.json'));
    const [broken] = await store.list();
    expect(broken?.status).toBe('broken');
    expect(broken?.problems).toEqual(['config.json is missing', 'time/daily/2026-11-02.jsonl does not match its SHA-256', 'extra is not in the manifest']);
    await expect(store.readFiles(broken!)).rejects.toMatchObject({ code: 'FF_SNAPSHOT_BROKEN' });

    writeFileSync(join(dir, 'manifest.json'), '{');
    expect((await store.list())[0]).toMatchObject({ status: 'broken', manifest: undefined });
    // A broken newest snapshot is never the one a new snapshot is compared with, or linked from.
    expect(await snapshot()).toMatchObject({ action: 'created', id: '000002-20261102T200000Z', linked: 0, shrunk: false });
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
