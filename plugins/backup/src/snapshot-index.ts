import { join } from 'node:path';
import { fileStamp, readJsonCache, writeCacheFile } from '@flowforge/core/internal';
import { MANIFEST_FILE } from './manifest.js';
import type { RetentionCandidate } from './retention.js';

interface IndexFile {
  version: typeof INDEX_VERSION;
  snapshots: Record<string, { stamp: string; good: boolean; records: number; seconds: number }>;
}

const INDEX_VERSION = 1;

/**
 * What retention needs of each snapshot (`RetentionCandidate`), kept in one small file beside the
 * snapshots, so that taking a snapshot reads no manifest rather than all thirty on every
 * commit. An entry holds while its `manifest.json` keeps its size, times and inode — manifests
 * are never written after creation — and `good` is what the last check of that snapshot found.
 * Derived data (core's `writeCacheFile`): without it, the manifests are read.
 */
export class SnapshotIndex {
  readonly #entries: IndexFile['snapshots'];
  /** Entries whose manifest `get` found unchanged in this run: `write` need not stamp them again. */
  readonly #confirmed = new Set<string>();

  private constructor(
    readonly file: string,
    entries: IndexFile['snapshots'] | undefined,
  ) {
    this.#entries = entries ?? {};
  }

  static read(file: string): SnapshotIndex {
    const index = readJsonCache(file) as Partial<IndexFile> | undefined;
    const usable = index?.version === INDEX_VERSION && typeof index.snapshots === 'object' && index.snapshots !== null;
    return new SnapshotIndex(file, usable ? index.snapshots : undefined);
  }

  /** The entry of snapshot `id` in `snapshotsDir`, if its manifest is the one it was made from. */
  get(snapshotsDir: string, id: string, seq: number): RetentionCandidate | undefined {
    const entry = this.#entries[id];
    const wellFormed = typeof entry === 'object' && entry !== null && typeof entry.good === 'boolean' && Number.isSafeInteger(entry.records) && Number.isSafeInteger(entry.seconds);
    if (!wellFormed || entry.stamp !== manifestStamp(snapshotsDir, id)) return undefined;
    this.#confirmed.add(id);
    return { id, seq, good: entry.good, records: entry.records, seconds: entry.seconds };
  }

  /** Rewrites the index with `candidates` (every snapshot there is, after this run). */
  write(snapshotsDir: string, candidates: readonly RetentionCandidate[]): void {
    const index: IndexFile = { version: INDEX_VERSION, snapshots: {} };
    for (const { id, good, records, seconds } of candidates) {
      const stamp = this.#confirmed.has(id) ? this.#entries[id]!.stamp : manifestStamp(snapshotsDir, id);
      index.snapshots[id] = { stamp, good, records, seconds };
    }
    writeCacheFile(this.file, JSON.stringify(index));
  }
}

function manifestStamp(snapshotsDir: string, id: string): string {
  return fileStamp(join(snapshotsDir, id, MANIFEST_FILE));
}
