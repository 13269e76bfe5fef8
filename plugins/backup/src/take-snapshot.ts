import { dirname, join } from 'node:path';
import type { Logger } from '@flowforge/core/internal';
import { LiveStamps } from './live-files.js';
import { type CountedFile, countsByHash, type Manifest, MANIFEST_SCHEMA, sameFiles, totalsOf } from './manifest.js';
import { isShrink, type RetentionCandidate, snapshotsToPrune } from './retention.js';
import { SnapshotIndex } from './snapshot-index.js';
import { type SnapshotInfo, SnapshotStore, sequenceOf } from './snapshot-store.js';

/** Beside `snapshots/` and `objects/`: derived data that only saves reading (see `takeSnapshot`). */
const INDEX_FILE = 'snapshots.index';
const STAMPS_FILE = 'live-files.stamps';

export interface SnapshotRequest {
  /** `.flowforge/user/<id>/` of the clone. */
  userRoot: string;
  user: string;
  repo: { id: string; path: string };
  /** `<home>/repos/<repo id>/<user>/snapshots`. */
  snapshotsDir: string;
  keep: number;
  trigger: string;
  nowMs: number;
  logger: Logger;
}

export type SnapshotOutcome =
  | { action: 'empty' }
  | { action: 'unchanged'; id: string }
  | { action: 'created'; id: string; shrunk: boolean; reused: number; written: number; pruned: string[]; checked: boolean };

/** Every this many snapshots (by sequence), one checks its objects by content and collects garbage. */
export const CHECK_EVERY = 10;

/**
 * One backup of the private layer: skipped when it holds nothing or the same bytes as the newest
 * good snapshot; flagged `shrunk` (and warned about, naming both counts) when it holds fewer
 * records or seconds than that one; then older snapshots are pruned down to `keep`, never the
 * largest good one (see `snapshotsToPrune`).
 *
 * Its cost follows what changed, not the history: the live files are recognised by their stamps
 * (`LiveStamps`), only new contents are stored (`ObjectStore`), and retention reads the
 * index rather than every manifest (`SnapshotIndex`). Every `CHECK_EVERY`-th snapshot — and any
 * run whose index is missing or disagrees with the manifests — is a checking one: it reads every
 * manifest, verifies by content the snapshots it relies on (`reliedOnVerified`), stores again any
 * damaged object the live files still hold, and removes objects no snapshot names.
 */
export async function takeSnapshot(request: SnapshotRequest): Promise<SnapshotOutcome> {
  const store = new SnapshotStore(request.snapshotsDir);
  const userDir = dirname(request.snapshotsDir);
  const index = SnapshotIndex.read(join(userDir, INDEX_FILE));
  const ids = store.ids();
  const nextSeq = (ids.length > 0 ? sequenceOf(ids[0]!) : 0) + 1;
  const indexed = nextSeq % CHECK_EVERY === 0 ? undefined : listFromIndex(store, index, ids);
  const checking = indexed === undefined;
  const listed: Listed[] = indexed ?? (await reliedOnVerified(store, await store.list({ verify: false })));
  const stamps = LiveStamps.read(join(userDir, STAMPS_FILE));
  // A checking run reads the manifest: it may be one whose manifest changed since the stamps.
  const newest = await newestGood(store, listed, checking ? undefined : stamps);
  const files = stamps.scan(request.userRoot, countsByHash(newest?.files));
  if (files.length === 0) return { action: 'empty' };
  if (newest && sameFiles(newest.files, files)) {
    if (checking) index.write(request.snapshotsDir, listed.map(candidateOf));
    stamps.save(newest.candidate.id);
    request.logger.debug(`no change since snapshot ${newest.candidate.id}: none taken`);
    return { action: 'unchanged', id: newest.candidate.id };
  }

  const { totals, unreadable } = totalsOf(files);
  const before = newest?.candidate;
  const shrunk = before !== undefined && isShrink(before, totals);
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    id: store.nextId(nextSeq, request.nowMs),
    user: request.user,
    repo: request.repo,
    createdAt: new Date(request.nowMs).toISOString().replace(/\.\d+Z$/, 'Z'),
    trigger: request.trigger,
    files: files.map(({ bytes: _bytes, ...file }) => file),
    totals,
    shrunk,
    ...(shrunk && before ? { comparedWith: { id: before.id, records: before.records, seconds: before.seconds } } : {}),
    ...(unreadable.length > 0 ? { unreadable } : {}),
  };
  const created = await store.create(manifest, files, { checkObjects: checking });
  stamps.save(manifest.id);
  if (shrunk && before) {
    request.logger.warn(
      `snapshot ${manifest.id} holds less than ${before.id}: ${totals.records} records and ${totals.seconds} s now, ` +
        `${before.records} records and ${before.seconds} s before. Both are kept and ${before.id} is never pruned while it is the largest; ` +
        'if you did not remove this time on purpose, run `flowforge recover --list`.',
    );
  }
  if (unreadable.length > 0) {
    request.logger.warn(`snapshot ${manifest.id}: ${unreadable.join(', ')} hold lines FlowForge cannot read; their bytes are kept as they are.`);
  }
  const candidates = [created.info, ...listed].map(candidateOf);
  const pruned = snapshotsToPrune(candidates, request.keep);
  await store.remove(pruned);
  const kept = candidates.filter((candidate) => !pruned.includes(candidate.id));
  const garbage = checking ? store.collectGarbage([created.info, ...listed.filter((snapshot) => !pruned.includes(snapshot.id))].filter(isInfo)) : 0;
  index.write(request.snapshotsDir, kept);
  request.logger.debug(
    `snapshot ${manifest.id}: ${files.length} files (${created.reused} unchanged, ${created.written} stored), ${totals.entries} entries, ${totals.seconds} s` +
      `${pruned.length > 0 ? `; pruned ${pruned.join(', ')}` : ''}${checking ? `; checked, ${garbage} unused objects removed` : ''} — ${request.snapshotsDir}`,
  );
  return { action: 'created', id: manifest.id, shrunk, reused: created.reused, written: created.written, pruned, checked: checking };
}

/**
 * Verifies, file by file, the snapshots a checking run relies on — the newest (a new snapshot
 * takes its counts, and shrinking is judged against it) and those with the most records and the most
 * seconds (retention keeps them) — until each of those roles falls on a good one. The others are
 * trusted by their manifests here; `flowforge recover --list` and `doctor` verify them all.
 */
async function reliedOnVerified(store: SnapshotStore, listed: SnapshotInfo[]): Promise<SnapshotInfo[]> {
  const snapshots = [...listed];
  const verified = new Set<string>();
  const pick = (by: (snapshot: SnapshotInfo) => number) =>
    snapshots.filter((snapshot) => snapshot.status === 'good').sort((a, b) => by(b) - by(a) || b.seq - a.seq)[0];
  for (;;) {
    const roles = [pick((s) => s.seq), pick((s) => s.manifest?.totals.records ?? 0), pick((s) => s.manifest?.totals.seconds ?? 0)];
    const unchecked = roles.filter((snapshot): snapshot is SnapshotInfo => snapshot !== undefined && !verified.has(snapshot.id));
    if (unchecked.length === 0) return snapshots;
    for (const snapshot of unchecked) {
      verified.add(snapshot.id);
      snapshots[snapshots.indexOf(snapshot)] = await store.verify(snapshot);
    }
  }
}

/** A snapshot as the index lists it (manifest not read), or as its manifest describes it. */
type Listed = RetentionCandidate | SnapshotInfo;

function isInfo(snapshot: Listed): snapshot is SnapshotInfo {
  return 'status' in snapshot;
}

function candidateOf(snapshot: Listed): RetentionCandidate {
  if (!isInfo(snapshot)) return snapshot;
  return {
    id: snapshot.id,
    seq: snapshot.seq,
    good: snapshot.status === 'good',
    records: snapshot.manifest?.totals.records ?? 0,
    seconds: snapshot.manifest?.totals.seconds ?? 0,
  };
}

/**
 * Every snapshot as the index knows it, or `undefined` when it does not know one of them or one's
 * manifest changed: manifests are never written after creation, so that calls for a checking run.
 */
function listFromIndex(store: SnapshotStore, index: SnapshotIndex, ids: readonly string[]): Listed[] | undefined {
  const listed: Listed[] = [];
  for (const id of ids) {
    const known = index.get(store.dir, id, sequenceOf(id));
    if (known === undefined) return undefined;
    listed.push(known);
  }
  return listed;
}

/**
 * The newest good snapshot and its files: from the stamps of the run that took it when they are
 * still there (`LiveStamps.filesOf`), else from its manifest — one whose manifest no longer reads
 * is marked broken in `listed` and skipped. New snapshots are compared with it and take its counts.
 */
async function newestGood(
  store: SnapshotStore,
  listed: Listed[],
  stamps: LiveStamps | undefined,
): Promise<{ candidate: RetentionCandidate; files: readonly CountedFile[] } | undefined> {
  for (const [position, snapshot] of listed.entries()) {
    const candidate = candidateOf(snapshot);
    if (!candidate.good) continue;
    const remembered = stamps?.filesOf(candidate.id);
    if (remembered) return { candidate, files: remembered };
    const info = isInfo(snapshot) ? snapshot : await store.inspect(snapshot.id, false);
    listed[position] = info;
    if (info.status === 'good' && info.manifest) return { candidate: candidateOf(info), files: info.manifest.files };
  }
  return undefined;
}
