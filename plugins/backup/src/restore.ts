import { existsSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLONE_ID_FILE, ensurePrivateDir, fsyncDirectory, parseArchive, QUARANTINE_DIR, type UserStore, writeFileAtomic } from '@flowforge/core/internal';
import { DAILY_LOG, isJournalFile, type LayerFile, MONTH_ARCHIVE, sameFiles } from './manifest.js';
import { fileIn, listFiles, readPrivateLayer } from './private-layer.js';
import type { SnapshotInfo, SnapshotStore } from './snapshot-store.js';
import { backupErrors } from './errors.js';

export interface RestoreResult {
  /** The private layer already held exactly the snapshot's bytes: nothing was touched. */
  unchanged: boolean;
  /** Relative paths written from the snapshot. */
  restored: string[];
  /** Where the files that were there before went, or `null` when there were none. */
  movedTo: string | null;
  /** The UTC days whose logs were restored, all marked changed for the next aggregation. */
  days: string[];
}

/**
 * The current files that hold something `snapshot` lacks: a daily log or month archive with a day
 * whose log is not a prefix of that day's in the snapshot (logs are append-only, so a prefix is an
 * older state of the same log, whether its records are archived or not), any other file whose
 * bytes differ, or a non-empty file the snapshot does not have at all. The clone id of a layer
 * that holds no time yet (a new machine's, made by `flowforge init`) is none of these: restoring
 * replaces it with the snapshot's, so the new machine goes on with the old one's shard.
 */
export function newerThanSnapshot(current: readonly LayerFile[], snapshot: readonly LayerFile[]): string[] {
  const tracksNothing = !current.some((file) => isJournalFile(file.path));
  if (tracksNothing) current = current.filter((file) => file.path !== CLONE_ID_FILE);
  const saved = new Map(snapshot.map((file) => [file.path, file]));
  const savedDays = logsByDay(snapshot);
  const currentDays = logsByDay(current);
  const newerDays = new Set(
    [...currentDays].filter(([day, log]) => !(savedDays.get(day) ?? Buffer.alloc(0)).subarray(0, log.length).equals(log)).map(([day]) => day),
  );
  return current
    .filter((file) => {
      if (isJournalFile(file.path)) return [...logsByDay([file]).keys()].some((day) => newerDays.has(day));
      const kept = saved.get(file.path);
      if (kept === undefined) return file.size > 0;
      return !kept.bytes.equals(file.bytes);
    })
    .map((file) => file.path);
}

/**
 * Each UTC day's log as its daily log holds it, from the daily logs and month archives among
 * `files`: an archived day's records (as lines, the way they were appended) before its daily log's.
 */
function logsByDay(files: readonly LayerFile[]): Map<string, Buffer> {
  const parts = new Map<string, Buffer[]>();
  const add = (day: string, bytes: Buffer) => parts.set(day, [...(parts.get(day) ?? []), bytes]);
  const ordered = [...files].sort((a, b) => Number(DAILY_LOG.test(a.path)) - Number(DAILY_LOG.test(b.path)));
  for (const file of ordered) {
    const day = DAILY_LOG.exec(file.path)?.[1];
    if (day) add(day, file.bytes);
    else if (MONTH_ARCHIVE.test(file.path))
      for (const archived of parseArchive(file.bytes).days) add(archived.day, Buffer.from(archived.records.map((record) => `${JSON.stringify(record)}\n`).join('')));
  }
  return new Map([...parts].map(([day, bytes]) => [day, Buffer.concat(bytes)]));
}

/**
 * Brings back a user's private layer from a verified snapshot, under the user's lock. Newer data
 * is never overwritten silently: without `overwrite` it refuses (FF_RECOVER_CONFLICT, naming the
 * files); with it, and whenever there are files at all, they are first moved to
 * `.quarantine/pre-recover-<stamp>/`. Every restored day is then marked changed, so the next
 * aggregation rebuilds the team files from it.
 */
export async function restoreSnapshot(
  store: UserStore,
  snapshots: SnapshotStore,
  snapshot: SnapshotInfo,
  { overwrite }: { overwrite: boolean },
): Promise<RestoreResult> {
  return store.locked(async () => {
    const files = await snapshots.readFiles(snapshot);
    const current = await readPrivateLayer(store.root);
    if (sameFiles(current, files)) return { unchanged: true, restored: [], movedTo: null, days: [] };
    const newer = newerThanSnapshot(current, files);
    if (newer.length > 0 && !overwrite) throw backupErrors.create('FF_RECOVER_CONFLICT', { user: store.user, id: snapshot.id, files: newer });
    const movedTo = await moveAside(store.root);
    for (const file of files) await writeFileAtomic(fileIn(store.root, file.path), file.bytes);
    const days = [...logsByDay(files).keys()].sort();
    if (days.length > 0) await writeFileAtomic(store.changesFile, `${days.join('\n')}\n`);
    return { unchanged: false, restored: files.map((file) => file.path), movedTo, days };
  });
}

/** Moves every file of the private layer but the lock and quarantined copies to a fresh `pre-recover-<stamp>/`. */
async function moveAside(root: string): Promise<string | null> {
  const paths = listFiles(root).filter((path) => {
    const segments = path.split('/');
    return !segments.includes(QUARANTINE_DIR) && !(segments.length === 1 && path.startsWith('.lock'));
  });
  if (paths.length === 0) return null;
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  let target = join(root, QUARANTINE_DIR, `pre-recover-${stamp}`);
  for (let n = 2; existsSync(target); n += 1) target = join(root, QUARANTINE_DIR, `pre-recover-${stamp}-${n}`);
  const touched = new Set<string>();
  for (const path of paths) {
    const from = fileIn(root, path);
    const to = fileIn(target, path);
    await ensurePrivateDir(dirname(to));
    renameSync(from, to);
    touched.add(dirname(from)).add(dirname(to));
  }
  // Both sides of every rename, so no crash can leave a file in neither place.
  for (const dir of touched) await fsyncDirectory(dir);
  return target;
}
