import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countsByHash, countsOf, journalTotals, layerFile, type Manifest, parseManifest, sameFiles, totalsOf } from '../src/manifest.js';
import { isBackedUp } from '../src/private-layer.js';
import { repoIdOf, slugOfRepoId } from '../src/repo-id.js';
import { newerThanSnapshot } from '../src/restore.js';
import { isShrink, type RetentionCandidate, snapshotsToPrune } from '../src/retention.js';

const entry = (id: string, start: string, end: string) => ({ id, issue: '42', start, end, billable: true });
const line = (record: unknown) => `${JSON.stringify(record)}\n`;
const add = (id: string, start: string, end: string) => line({ v: 1, op: 'add', at: end, entry: entry(id, start, end) });

describe('repoIdOf', () => {
  it('is a slug of the folder name and a hash of the whole path: stable, and distinct for two clones of one name', () => {
    const id = repoIdOf('/home/alice/src/My App');
    expect(id).toMatch(/^my-app-[0-9a-f]{8}$/);
    expect(repoIdOf('/home/alice/src/My App')).toBe(id);
    expect(repoIdOf('/home/alice/work/My App')).not.toBe(id);
    expect(slugOfRepoId(repoIdOf('/home/alice/work/My App'))).toBe('my-app');
    expect(repoIdOf('/srv/.😀')).toMatch(/^repo-[0-9a-f]{8}$/);
    expect(repoIdOf(`/x/${'a'.repeat(100)}`)).toMatch(/^a{40}-[0-9a-f]{8}$/);
  });
});

describe('journalTotals and totalsOf', () => {
  it('replays adds, edits and removals like the store, counting every record', () => {
    const log =
      add('aaaaa1', '2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z') +
      add('aaaaa2', '2026-11-02T10:00:00Z', '2026-11-02T10:30:00Z') +
      line({ v: 1, op: 'edit', at: '2026-11-02T11:00:00Z', entry: entry('aaaaa1', '2026-11-02T08:00:00Z', '2026-11-02T09:15:00Z'), previous: entry('aaaaa1', '2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z') }) +
      line({ v: 1, op: 'rm', at: '2026-11-02T11:00:00Z', id: 'aaaaa2', previous: entry('aaaaa2', '2026-11-02T10:00:00Z', '2026-11-02T10:30:00Z') });
    const totals = journalTotals(Buffer.from(log));
    expect(totals).toEqual({ records: 4, entries: new Map([['aaaaa1', 4500]]), unreadable: 0 });
  });

  it('never throws on damage: a torn last line is left out, a bad complete line is counted as unreadable', () => {
    const good = add('aaaaa1', '2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z');
    expect(journalTotals(Buffer.from(`${good}{"v":1,"op":"ad`))).toMatchObject({ records: 1, unreadable: 0 });
    expect(journalTotals(Buffer.from(`not json\n${good}{"v":2}\n`))).toMatchObject({ records: 1, unreadable: 2 });
    expect(journalTotals(Buffer.from([0xff, 0x0a]))).toMatchObject({ records: 0, unreadable: 1 });
  });

  it('counts a daily log as the sum of its standing entries', () => {
    const log = add('aaaaa1', '2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z') + add('aaaaa2', '2026-11-02T10:00:00Z', '2026-11-02T10:30:00Z') + 'oops\n';
    expect(countsOf('time/daily/2026-11-02.jsonl', Buffer.from(log))).toEqual({ records: 2, entries: 2, seconds: 5400, unreadable: 1 });
  });

  it('counts a month archive as the daily logs it holds, each day replayed on its own', () => {
    // aaaaa1 moved from the 3rd to the 2nd: an add on the 2nd, a removal on the 3rd, one id.
    const moved = entry('aaaaa1', '2026-10-02T08:00:00Z', '2026-10-02T09:00:00Z');
    const second = [{ v: 1, op: 'add', at: '2026-10-04T00:00:00Z', entry: moved, movedFrom: '2026-10-03' }];
    const third = [
      { v: 1, op: 'add', at: '2026-10-03T09:00:00Z', entry: entry('aaaaa1', '2026-10-03T08:00:00Z', '2026-10-03T09:00:00Z') },
      { v: 1, op: 'rm', at: '2026-10-04T00:00:00Z', id: 'aaaaa1', previous: entry('aaaaa1', '2026-10-03T08:00:00Z', '2026-10-03T09:00:00Z'), movedTo: '2026-10-02' },
    ];
    const archive = Buffer.from(line({ day: '2026-10-02', records: second }) + line({ day: '2026-10-03', records: third }) + 'oops\n');
    expect(countsOf('time/archive/2026-10.jsonl', archive)).toEqual({ records: 3, entries: 1, seconds: 3600, unreadable: 1 });
    const daily = (records: unknown[]) => Buffer.from(records.map(line).join(''));
    expect(countsOf('time/daily/2026-10-02.jsonl', daily(second)).records + countsOf('time/daily/2026-10-03.jsonl', daily(third)).records).toBe(3);
  });

  it('sums the counts of daily logs and month archives only, and names those with unreadable lines', () => {
    const counted = (path: string, text: string) => {
      const file = layerFile(path, Buffer.from(text));
      return path.startsWith('time/') && path.endsWith('.jsonl') ? { ...file, ...countsOf(path, file.bytes) } : file;
    };
    const files = [
      counted('config.json', '{"timezone":"UTC"}'),
      counted('time/current.json', '{"active":null,"paused":[]}'),
      counted('time/daily/2026-11-02.jsonl', add('aaaaa1', '2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z')),
      counted('time/daily/2026-11-03.jsonl', `${add('aaaaa2', '2026-11-03T08:00:00Z', '2026-11-03T08:30:00Z')}oops\n`),
    ];
    const { totals, unreadable } = totalsOf(files);
    expect(totals).toEqual({ files: 4, bytes: files.reduce((sum, file) => sum + file.size, 0), entries: 2, records: 2, seconds: 5400 });
    expect(unreadable).toEqual(['time/daily/2026-11-03.jsonl']);
  });
});

describe('manifests', () => {
  const file = layerFile('time/daily/2026-11-02.jsonl', Buffer.from('x\n'));
  const manifest: Manifest = {
    schema: 'flowforge.snapshot/2',
    id: '000001-20261102T090000Z',
    user: 'alice',
    repo: { id: 'app-0123abcd', path: '/home/alice/app' },
    createdAt: '2026-11-02T09:00:00Z',
    trigger: 'pre-commit',
    files: [{ path: file.path, size: file.size, sha256: file.sha256, records: 0, entries: 0, seconds: 0, unreadable: 1 }],
    totals: { files: 1, bytes: 2, entries: 0, records: 0, seconds: 0 },
    shrunk: false,
  };

  it('parses what is written, and /1 manifests (no counts), and refuses anything else', () => {
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    const v1 = { ...manifest, schema: 'flowforge.snapshot/1', files: [{ path: file.path, size: file.size, sha256: file.sha256 }] };
    expect(parseManifest(v1)).toEqual(v1);
    expect(parseManifest({ ...manifest, schema: 'flowforge.snapshot/3' })).toBeUndefined();
    expect(parseManifest({ ...manifest, files: [{ ...manifest.files[0], records: undefined }] })).toBeUndefined();
    expect(parseManifest({ ...manifest, files: [{ ...manifest.files[0], seconds: -1 }] })).toBeUndefined();
    expect(parseManifest({ ...manifest, files: [{ path: 'a', size: -1, sha256: file.sha256 }] })).toBeUndefined();
    expect(parseManifest({ ...manifest, files: [{ path: 'a', size: 1, sha256: 'abc' }] })).toBeUndefined();
    expect(parseManifest(null)).toBeUndefined();
  });

  it('gives the counts it holds by content, for whole sets of counts only', () => {
    expect(countsByHash(manifest.files)).toEqual(new Map([[file.sha256, { records: 0, entries: 0, seconds: 0, unreadable: 1 }]]));
    expect(countsByHash([{ path: file.path, size: file.size, sha256: file.sha256 }])).toEqual(new Map());
    expect(countsByHash(undefined)).toEqual(new Map());
  });

  it('compares files by path, size and hash, in any order', () => {
    const other = layerFile('config.json', Buffer.from('{}'));
    expect(sameFiles([file, other], [other, file])).toBe(true);
    expect(sameFiles([file], [file, other])).toBe(false);
    expect(sameFiles([file], [layerFile(file.path, Buffer.from('y\n'))])).toBe(false);
    expect(sameFiles([], [])).toBe(true);
  });
});

describe('what a snapshot holds', () => {
  it('leaves out the lock, quarantined bytes, the changes list and interrupted writes', () => {
    expect(['config.json', 'time/current.json', 'time/daily/2026-11-02.jsonl', 'time/pending-move.json'].every(isBackedUp)).toBe(true);
    for (const path of ['.lock', '.lock.breaking', '.quarantine/pre-recover-1/time/changes', 'time/daily/.quarantine/2026-11-02.jsonl.x', 'time/changes', 'time/.current.json.ab12.tmp'])
      expect(isBackedUp(path), path).toBe(false);
  });
});

describe('newerThanSnapshot', () => {
  const day = 'time/daily/2026-11-02.jsonl';
  const older = Buffer.from(add('aaaaa1', '2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z'));
  const newer = Buffer.concat([older, Buffer.from(add('aaaaa2', '2026-11-02T10:00:00Z', '2026-11-02T11:00:00Z'))]);

  it('an older state of an append-only log is no loss; anything the snapshot lacks is', () => {
    expect(newerThanSnapshot([layerFile(day, older)], [layerFile(day, newer)])).toEqual([]);
    expect(newerThanSnapshot([layerFile(day, newer)], [layerFile(day, older)])).toEqual([day]);
    expect(newerThanSnapshot([layerFile('time/daily/2026-11-03.jsonl', older)], [layerFile(day, newer)])).toEqual(['time/daily/2026-11-03.jsonl']);
    expect(newerThanSnapshot([layerFile('time/current.json', Buffer.from('{"a":1}'))], [layerFile('time/current.json', Buffer.from('{"a":2}'))])).toEqual(['time/current.json']);
    expect(newerThanSnapshot([layerFile('config.json', Buffer.alloc(0))], [])).toEqual([]);
    expect(newerThanSnapshot([], [layerFile(day, newer)])).toEqual([]);
  });

  it('compares days, not files: a month archived since the snapshot, or before it, is no loss', () => {
    const archived = (bytes: Buffer) => layerFile('time/archive/2026-11.jsonl', Buffer.from(line({ day: '2026-11-02', records: bytes.toString().trimEnd().split('\n').map((text) => JSON.parse(text) as unknown) })));
    expect(newerThanSnapshot([archived(newer)], [layerFile(day, newer)])).toEqual([]);
    expect(newerThanSnapshot([archived(older)], [layerFile(day, newer)])).toEqual([]);
    expect(newerThanSnapshot([layerFile(day, older)], [archived(newer)])).toEqual([]);
    expect(newerThanSnapshot([archived(newer)], [layerFile(day, older)])).toEqual(['time/archive/2026-11.jsonl']);
    // A change to an archived day after the archive: its daily log continues the archived records.
    const later = Buffer.from(add('aaaaa3', '2026-11-02T12:00:00Z', '2026-11-02T13:00:00Z'));
    expect(newerThanSnapshot([archived(older), layerFile(day, later)], [layerFile(day, Buffer.concat([older, later]))])).toEqual([]);
    expect(newerThanSnapshot([archived(newer), layerFile(day, later)], [layerFile(day, newer)])).toEqual(['time/archive/2026-11.jsonl', day]);
  });
});

describe('retention', () => {
  const snapshot = (seq: number, records: number, seconds: number, good = true): RetentionCandidate => ({ id: `s${seq}`, seq, good, records, seconds });

  it('keeps the newest `keep` snapshots', () => {
    const list = [1, 2, 3, 4, 5].map((seq) => snapshot(seq, seq, seq * 60));
    expect(snapshotsToPrune(list, 2)).toEqual(['s3', 's2', 's1']);
    expect(snapshotsToPrune(list, 5)).toEqual([]);
    expect(snapshotsToPrune([], 1)).toEqual([]);
  });

  it('never prunes the largest good snapshot, by records or by seconds, for a newer smaller one', () => {
    const list = [snapshot(1, 10, 36_000), snapshot(2, 12, 3600), snapshot(3, 5, 1800), snapshot(4, 6, 1900)];
    expect(snapshotsToPrune(list, 1)).toEqual(['s3']);
  });

  it('a broken snapshot is never protected, and never stands in for the newest good one', () => {
    const list = [snapshot(1, 4, 400), snapshot(2, 9, 900, false), snapshot(3, 9, 900, false)];
    expect(snapshotsToPrune(list, 1)).toEqual(['s2']);
  });

  it('shrinking is fewer records or fewer seconds', () => {
    expect(isShrink({ records: 3, seconds: 100 }, { records: 3, seconds: 100 })).toBe(false);
    expect(isShrink({ records: 3, seconds: 100 }, { records: 4, seconds: 200 })).toBe(false);
    expect(isShrink({ records: 3, seconds: 100 }, { records: 2, seconds: 200 })).toBe(true);
    expect(isShrink({ records: 3, seconds: 100 }, { records: 4, seconds: 99 })).toBe(true);
  });

  it('whatever the history, the newest keep, the newest good and the largest good snapshots all survive', () => {
    const history = fc.array(fc.record({ good: fc.boolean(), records: fc.nat(50), seconds: fc.nat(5000) }), { maxLength: 30 });
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 10 }), (items, keep) => {
        const list = items.map((item, index) => snapshot(index + 1, item.records, item.seconds, item.good));
        const pruned = new Set(snapshotsToPrune(list, keep));
        const newestFirst = [...list].reverse();
        const good = newestFirst.filter((s) => s.good);
        for (const kept of newestFirst.slice(0, keep)) expect(pruned.has(kept.id)).toBe(false);
        if (good[0]) expect(pruned.has(good[0].id)).toBe(false);
        const maxRecords = Math.max(...good.map((s) => s.records));
        const maxSeconds = Math.max(...good.map((s) => s.seconds));
        expect(good.some((s) => s.records === maxRecords && !pruned.has(s.id)) || good.length === 0).toBe(true);
        expect(good.some((s) => s.seconds === maxSeconds && !pruned.has(s.id)) || good.length === 0).toBe(true);
        // Only what is beyond `keep` goes, and beyond it at most the three protected ones stay.
        for (const id of pruned) expect(newestFirst.findIndex((s) => s.id === id)).toBeGreaterThanOrEqual(keep);
        expect(list.length - pruned.size).toBeLessThanOrEqual(keep + 3);
      }),
    );
  });
});
