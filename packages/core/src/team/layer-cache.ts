import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../store/atomic-write.js';
import { ignoreEverythingIn } from '../store/git-ignored.js';
import { ColumnsBuilder, type TeamColumns } from './columns.js';
import { listTeamLayer, newestPerMonth, parseTeamFile } from './read.js';
import { TEAM_SCHEMA } from './team-file.js';

const CACHE_FILE = '.flowforge/daemon/team-layer.cache';
/** Bumped with any change to what is cached or how: an older cache is then simply rebuilt. */
const CACHE_VERSION = `${TEAM_SCHEMA} columns/3`;

interface CacheContents {
  version: string;
  /** The files in `columns.files`, in the same order. */
  paths: string[];
  /** Size, modification time and inode of each file when it was read: its entry's key. */
  stamps: string[];
  columns: TeamColumns;
}

/**
 * The team layer of the work tree as columns, for reports, through a cache of the parsed and
 * checked files in `.flowforge/daemon/` (git-ignored, per clone). A year of 50 developers is 600
 * files and 5 MB of JSON: parsing and checking it was most of a report's time. Like git's index,
 * an entry is trusted while its file keeps its size, modification time and inode; any other file
 * is read, checked and cached again. Team files are never edited in place (a change is a new,
 * content-named file), so in practice only new files are read. A cache that cannot be read or
 * written only makes the report slower.
 */
export async function readTeamColumns(repoRoot: string): Promise<{ columns: TeamColumns; superseded: string[] }> {
  const { chosen, superseded } = newestPerMonth(listTeamLayer(repoRoot));
  const stamps = chosen.map((path) => stampOf(join(repoRoot, path)));
  const cacheFile = join(repoRoot, CACHE_FILE);
  const cached = readCache(cacheFile);
  if (cached && sameList(cached.paths, chosen) && sameList(cached.stamps, stamps)) return { columns: cached.columns, superseded };

  const byPath = new Map((cached?.paths ?? []).map((path, index) => [path, index]));
  const builder = new ColumnsBuilder();
  chosen.forEach((path, index) => {
    const hit = byPath.get(path);
    if (cached && hit !== undefined && cached.stamps[hit] === stamps[index]) builder.addFrom(cached.columns, cached.columns.files[hit] as TeamColumns['files'][number]);
    else builder.addFile(parseTeamFile(path, readFileSync(join(repoRoot, path), 'utf8')));
  });
  const columns = builder.build();
  if (chosen.length > 0) await writeCache(repoRoot, cacheFile, { version: CACHE_VERSION, paths: chosen, stamps, columns });
  return { columns, superseded };
}

function stampOf(path: string): string {
  const stat = statSync(path);
  return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function readCache(cacheFile: string): CacheContents | undefined {
  try {
    const contents = deserialize(readFileSync(cacheFile)) as CacheContents;
    return contents.version === CACHE_VERSION && contents.paths.length === contents.columns.files.length ? contents : undefined;
  } catch {
    return undefined; // missing, damaged, or written by another Node: rebuilt from the files
  }
}

async function writeCache(repoRoot: string, cacheFile: string, contents: CacheContents): Promise<void> {
  try {
    await ignoreEverythingIn(join(repoRoot, '.flowforge', 'daemon'));
    await writeFileAtomic(cacheFile, serialize(contents));
  } catch {
    // A read-only clone still reports, from the files.
  }
}
