import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCache, stampOf, writeCache } from './cache-file.js';
import { type CountedFile, countsOf, DAILY_LOG, type LogCounts, sha256 } from './manifest.js';
import { isBackedUp, listFiles } from './private-layer.js';

/** A file of the private layer as a snapshot records it; its bytes are read only when needed. */
export interface LiveFile extends CountedFile {
  /** The bytes, read on first call and checked against `sha256` (a file changed under us throws). */
  bytes(): Buffer;
}

interface StampCache {
  version: typeof CACHE_VERSION;
  /** When the stamps were taken: a file changed within `RACY_MS` of it is hashed again next time. */
  takenAtMs: number;
  files: Record<string, [stamp: string, size: number, sha256: string]>;
}

const CACHE_VERSION = 1;
/** As git's "racy" rule: a file modified this close to the stamping may change again unseen. */
const RACY_MS = 2000;

/**
 * Every backed-up file of the user's private folder with its hash, as git's index finds changes:
 * a file that kept its size, modification and change times and inode since the last snapshot has
 * the hash it had then (`cacheFile` keeps them), so a snapshot reads only what changed — usually
 * the day's log — not a year of logs. Appending, our atomic rewrites and any editor change at
 * least one of those; ctime cannot even be set back. Counts of a daily log come from
 * `countsByHash` (the newest snapshot's manifest) for the same bytes, else from reading it.
 */
export function scanLiveFiles(userRoot: string, cacheFile: string, countsByHash: ReadonlyMap<string, LogCounts>): LiveFile[] {
  const cached = readCache(cacheFile) as Partial<StampCache> | undefined;
  const cache = cached?.version === CACHE_VERSION && typeof cached.takenAtMs === 'number' && typeof cached.files === 'object' ? (cached as StampCache) : undefined;
  const stamps: StampCache = { version: CACHE_VERSION, takenAtMs: Date.now(), files: {} };
  const files = listFiles(userRoot)
    .filter(isBackedUp)
    .map((path) => {
      const full = join(userRoot, ...path.split('/'));
      const stat = statSync(full);
      const stamp = stampOf(stat);
      const known = cache?.files[path];
      const trusted = isStamped(known) && known[0] === stamp && stat.mtimeMs < cache!.takenAtMs - RACY_MS;
      let read: Buffer | undefined;
      const bytes = (): Buffer => {
        read ??= readFileSync(full);
        return read;
      };
      const hash = trusted ? known[2] : sha256(bytes());
      const size = trusted ? known[1] : bytes().length;
      stamps.files[path] = [stamp, size, hash];
      const counts = DAILY_LOG.test(path) ? (countsByHash.get(hash) ?? countsOf(bytes())) : undefined;
      return {
        path,
        size,
        sha256: hash,
        ...counts,
        bytes: () => {
          const current = bytes();
          if (current.length !== size || (trusted && sha256(current) !== hash)) throw new Error(`${path} changed while it was backed up`);
          return current;
        },
      };
    });
  if (files.length > 0) writeCache(cacheFile, stamps);
  return files;
}

function isStamped(value: unknown): value is StampCache['files'][string] {
  return Array.isArray(value) && typeof value[0] === 'string' && Number.isSafeInteger(value[1]) && typeof value[2] === 'string' && /^[0-9a-f]{64}$/.test(value[2]);
}
