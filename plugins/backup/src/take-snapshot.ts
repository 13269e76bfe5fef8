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
  const existing = await store.list();
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

function retentionView(snapshot: SnapshotInfo) {
  return {
    id: snapshot.id,
    seq: snapshot.seq,
    good: snapshot.status === 'good',
    records: snapshot.manifest?.totals.records ?? 0,
    seconds: snapshot.manifest?.totals.seconds ?? 0,
  };
}
