import { statSync } from 'node:fs';
import { join } from 'node:path';
import { builtin } from '../builtins.js';
import { fileStamp } from '../store/file-stamp.js';
import { readIfRegular } from '../store/regular-file.js';
import { MAX_CACHE_BYTES, writeRuntimeCache } from '../store/runtime-cache.js';
import { ColumnsBuilder, type TeamColumns } from './columns.js';
import { listTeamLayer, newestPerMonth, readTeamFile } from './read.js';
import { TEAM_SCHEMA } from './team-file.js';

const CACHE_FILE = '.flowforge/daemon/team-layer.cache';
/** Bumped with any change to what is cached or how: an older cache is then simply rebuilt. */
const CACHE_VERSION = `${TEAM_SCHEMA} columns/7`;

interface CacheContents {
  version: string;
  listing: Listing;
  /** The files in `columns.files`, in the same order. */
  paths: string[];
  /** Size, modification time and inode of each file when it was read: its entry's key. */
  stamps: string[];
  /** The files of `paths` whose bytes do not match their name (`TeamLayer.altered`). */
  altered: string[];
  columns: TeamColumns;
}

/** The team layer's folders as last read: which files they held, and their stamps just before. */
interface Listing {
  listedAt: number;
  dirs: Record<string, { mtimeMs: number; ino: number }>;
  chosen: string[];
  superseded: string[];
}

/**
 * A folder's modification time moves within this of a change on any file system FlowForge runs
 * on (FAT has 2 s): a folder changed this close to its listing is read again, as git re-checks
 * "racy" index entries.
 */
const RACY_MS = 2_000;

/**
 * The team layer of the work tree as columns, for reports, through a cache of the parsed and
 * checked files in `.flowforge/daemon/` (git-ignored, per clone). A year of 50 developers is 600
 * files and 5 MB of JSON: parsing and checking it was most of a report's time. Like git's index:
 * - a folder's listing is trusted while the folder keeps its modification time and inode (a
 *   file added, removed or renamed changes them);
 * - a file's entry is trusted while the file keeps its size, modification time and inode; any
 *   other file is read, checked and cached again. Team files are never edited in place (a change
 *   is a new, content-named file), so in practice only new files are read.
 * A cache that cannot be read or written only makes the report slower.
 */
export async function readTeamColumns(repoRoot: string): Promise<{ columns: TeamColumns; superseded: string[]; altered: string[] }> {
  const cacheFile = join(repoRoot, CACHE_FILE);
  const cached = readCache(cacheFile);
  const listing = cached && stillListed(repoRoot, cached.listing) ? cached.listing : listNow(repoRoot);
  const { chosen, superseded } = listing;
  const stamps = chosen.map((path) => fileStamp(join(repoRoot, path)));
  if (cached && sameList(cached.paths, chosen) && sameList(cached.stamps, stamps)) {
    if (listing !== cached.listing) await writeCache(repoRoot, { ...cached, listing });
    return { columns: cached.columns, superseded, altered: cached.altered };
  }

  const byPath = new Map((cached?.paths ?? []).map((path, index) => [path, index]));
  const wasAltered = new Set(cached?.altered);
  const builder = new ColumnsBuilder();
  const altered: string[] = [];
  chosen.forEach((path, index) => {
    const hit = byPath.get(path);
    if (cached && hit !== undefined && cached.stamps[hit] === stamps[index]) {
      builder.addFrom(cached.columns, cached.columns.files[hit] as TeamColumns['files'][number]);
      if (wasAltered.has(path)) altered.push(path);
    } else builder.addFile(readTeamFile(repoRoot, path, altered));
  });
  const columns = builder.build();
  if (chosen.length > 0) await writeCache(repoRoot, { version: CACHE_VERSION, listing, paths: chosen, stamps, altered, columns });
  return { columns, superseded, altered };
}

function listNow(repoRoot: string): Listing {
  const listedAt = Date.now();
  const dirs: Listing['dirs'] = {};
  // Stamped before it is read: a change after the stamp changes the stamp, so it is never missed.
  const paths = listTeamLayer(repoRoot, (dir) => (dirs[dir] = dirStampOf(join(repoRoot, dir))));
  return { listedAt, dirs, ...newestPerMonth(paths) };
}

function stillListed(repoRoot: string, listing: Listing): boolean {
  return Object.entries(listing.dirs).every(([dir, before]) => {
    const now = dirStampOf(join(repoRoot, dir));
    return now.mtimeMs === before.mtimeMs && now.ino === before.ino && now.mtimeMs < listing.listedAt - RACY_MS;
  });
}

function dirStampOf(path: string): { mtimeMs: number; ino: number } {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? { mtimeMs: stat.mtimeMs, ino: stat.ino } : { mtimeMs: -1, ino: -1 };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function readCache(cacheFile: string): CacheContents | undefined {
  const found = readIfRegular(cacheFile, MAX_CACHE_BYTES);
  if (!('bytes' in found)) return undefined;
  try {
    const contents = builtin.v8().deserialize(found.bytes) as CacheContents;
    return contents.version === CACHE_VERSION && contents.paths.length === contents.columns.files.length ? contents : undefined;
  } catch {
    return undefined; // missing, damaged, or written by another Node: rebuilt from the files
  }
}

function writeCache(repoRoot: string, contents: CacheContents): Promise<void> {
  return writeRuntimeCache(repoRoot, CACHE_FILE, builtin.v8().serialize(contents));
}
