import { readFileSync, statSync } from 'node:fs';
import { readJsonCache, sha256Hex, stampOf, writeCacheFile } from '@flowforge/core/internal';
import { type CountedFile, countsOf, isJournalFile, type LogCounts } from './manifest.js';
import { fileIn, isBackedUp, listFiles } from './private-layer.js';

/** A file of the private layer as a snapshot records it; its bytes are read only when needed. */
export interface LiveFile extends CountedFile {
  /** The bytes, read on first call and checked against `sha256` (a file changed under us throws). */
  bytes(): Buffer;
}

type Counts = [records: number, entries: number, seconds: number, unreadable: number];
type Stamped = [stamp: string, size: number, sha256: string, counts?: Counts];

interface StampFile {
  version: typeof CACHE_VERSION;
  /** When the stamps were taken: a file changed within `RACY_MS` of it is hashed again next time. */
  takenAtMs: number;
  /** The snapshot that holds exactly these files (taken, or found unchanged, by that run). */
  snapshot: string | null;
  files: Record<string, Stamped>;
}

const CACHE_VERSION = 2;
/** As git's "racy" rule: a file modified this close to the stamping may change again unseen. */
const RACY_MS = 2000;

/**
 * What the private files looked like at the last snapshot (`live-files.stamps`, a cache), found
 * as git's index finds changes: a file that kept its size, modification and change times and
 * inode since has the hash it had then, so a snapshot reads only what changed — usually the day's
 * log — not a year of logs. Appending, our atomic rewrites and any editor change at least one of
 * those; ctime cannot even be set back. The stamps also list the files, with their counts, of the
 * snapshot that run took: the next run need not read that snapshot's manifest.
 */
export class LiveStamps {
  #next: StampFile | undefined;

  private constructor(
    readonly file: string,
    readonly last: StampFile | undefined,
  ) {}

  static read(file: string): LiveStamps {
    const cached = readJsonCache(file) as Partial<StampFile> | undefined;
    const usable = cached?.version === CACHE_VERSION && typeof cached.takenAtMs === 'number' && typeof cached.files === 'object' && cached.files !== null;
    return new LiveStamps(file, usable ? (cached as StampFile) : undefined);
  }

  /** The files of snapshot `id`, if the stamps were taken by the run that took (or kept) it. */
  filesOf(id: string): CountedFile[] | undefined {
    if (this.last?.snapshot !== id) return undefined;
    const files: CountedFile[] = [];
    for (const [path, entry] of Object.entries(this.last.files)) {
      if (!isStamped(entry)) return undefined;
      const [, size, hash, counts] = entry;
      files.push(counts ? { path, size, sha256: hash, records: counts[0], entries: counts[1], seconds: counts[2], unreadable: counts[3] } : { path, size, sha256: hash });
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /**
   * Every backed-up file of the user's private folder with its hash; the counts of a daily log or
   * month archive come from `known` (the newest snapshot's) for the same bytes, else from reading it.
   */
  scan(userRoot: string, known: ReadonlyMap<string, LogCounts>): LiveFile[] {
    const next: StampFile = { version: CACHE_VERSION, takenAtMs: Date.now(), snapshot: null, files: {} };
    const files = listFiles(userRoot)
      .filter(isBackedUp)
      .map((path): LiveFile => {
        const full = fileIn(userRoot, path);
        const stat = statSync(full);
        const stamp = stampOf(stat);
        const before = this.last?.files[path];
        const trusted = isStamped(before) && before[0] === stamp && stat.mtimeMs < this.last!.takenAtMs - RACY_MS;
        let read: Buffer | undefined;
        const bytes = (): Buffer => {
          read ??= readFileSync(full);
          return read;
        };
        const hash = trusted ? before[2] : sha256Hex(bytes());
        const size = trusted ? before[1] : bytes().length;
        const counts = isJournalFile(path) ? (known.get(hash) ?? countsOf(path, bytes())) : undefined;
        next.files[path] = counts ? [stamp, size, hash, [counts.records, counts.entries, counts.seconds, counts.unreadable]] : [stamp, size, hash];
        return {
          path,
          size,
          sha256: hash,
          ...counts,
          bytes: () => {
            const current = bytes();
            if (current.length !== size || (trusted && sha256Hex(current) !== hash)) throw new Error(`${path} changed while it was backed up`);
            return current;
          },
        };
      });
    this.#next = next;
    return files;
  }

  /** Keeps the stamps of the last `scan`, as the files of snapshot `id`. */
  save(id: string): void {
    if (this.#next) writeCacheFile(this.file, JSON.stringify({ ...this.#next, snapshot: id }));
  }
}

function isStamped(value: unknown): value is Stamped {
  return (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    Number.isSafeInteger(value[1]) &&
    typeof value[2] === 'string' &&
    /^[0-9a-f]{64}$/.test(value[2]) &&
    (value[3] === undefined || (Array.isArray(value[3]) && value[3].length === 4 && value[3].every((n) => Number.isSafeInteger(n) && n >= 0)))
  );
}
