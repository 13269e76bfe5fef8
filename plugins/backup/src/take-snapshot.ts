import type { Logger } from '@flowforge/core';
import { type Manifest, MANIFEST_SCHEMA, sameFiles, totalsOf } from './manifest.js';
import { readPrivateLayer } from './private-layer.js';
import { isShrink, snapshotsToPrune } from './retention.js';
import { type SnapshotInfo, SnapshotStore } from './snapshot-store.js';

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
  | { action: 'created'; id: string; shrunk: boolean; linked: number; copied: number; pruned: string[] };

/**
 * One backup of the private layer: skipped when it holds nothing or the same bytes as the newest
 * good snapshot; flagged `shrunk` (and warned about, naming both counts) when it holds fewer
 * records or seconds than that one; then older snapshots are pruned down to `keep`, never the
 * largest good one (see `snapshotsToPrune`).
 */
export async function takeSnapshot(request: SnapshotRequest): Promise<SnapshotOutcome> {
  const files = await readPrivateLayer(request.userRoot);
  if (files.length === 0) return { action: 'empty' };
  const store = new SnapshotStore(request.snapshotsDir);
  const existing = await reliedOnVerified(store, await store.list({ verify: false }));
  const newestGood = existing.find((snapshot) => snapshot.status === 'good');
  if (newestGood?.manifest && sameFiles(newestGood.manifest.files, files)) {
    request.logger.debug(`no change since snapshot ${newestGood.id}: none taken`);
    return { action: 'unchanged', id: newestGood.id };
  }

  const { totals, unreadable } = totalsOf(files);
  const before = newestGood?.manifest?.totals;
  const shrunk = before !== undefined && isShrink(before, totals);
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    id: store.nextId(existing, request.nowMs),
    user: request.user,
    repo: request.repo,
    createdAt: new Date(request.nowMs).toISOString().replace(/\.\d+Z$/, 'Z'),
    trigger: request.trigger,
    files: files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
    totals,
    shrunk,
    ...(shrunk && newestGood && before ? { comparedWith: { id: newestGood.id, records: before.records, seconds: before.seconds } } : {}),
    ...(unreadable.length > 0 ? { unreadable } : {}),
  };
  const created = await store.create(manifest, files, newestGood);
  if (shrunk && newestGood && before) {
    request.logger.warn(
      `snapshot ${manifest.id} holds less than ${newestGood.id}: ${totals.records} records and ${totals.seconds} s now, ` +
        `${before.records} records and ${before.seconds} s before. Both are kept and ${newestGood.id} is never pruned while it is the largest; ` +
        'if you did not remove this time on purpose, run `flowforge recover --list`.',
    );
  }
  if (unreadable.length > 0) {
    request.logger.warn(`snapshot ${manifest.id}: ${unreadable.join(', ')} hold lines FlowForge cannot read; their bytes are kept as they are.`);
  }
  const pruned = snapshotsToPrune([created.info, ...existing].map(retentionView), request.keep);
  await store.remove(pruned);
  request.logger.debug(
    `snapshot ${manifest.id}: ${files.length} files (${created.linked} unchanged, linked), ${totals.entries} entries, ${totals.seconds} s` +
      `${pruned.length > 0 ? `; pruned ${pruned.join(', ')}` : ''} — ${request.snapshotsDir}`,
  );
  return { action: 'created', id: manifest.id, shrunk, linked: created.linked, copied: created.copied, pruned };
}

/**
 * Verifies, file by file, the snapshots this run relies on — the newest (new files are linked
 * from it, and shrinking is judged against it) and those with the most records and the most
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

function retentionView(snapshot: SnapshotInfo) {
  return {
    id: snapshot.id,
    seq: snapshot.seq,
    good: snapshot.status === 'good',
    records: snapshot.manifest?.totals.records ?? 0,
    seconds: snapshot.manifest?.totals.seconds ?? 0,
  };
}
