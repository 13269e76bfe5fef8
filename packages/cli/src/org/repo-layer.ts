import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import {
  bytesMatchName,
  CONFIG_SEARCH_PLACES,
  ColumnsBuilder,
  flowForgeError,
  MAX_CACHE_BYTES,
  MAX_SMALL_FILE_BYTES,
  newestPerMonth,
  parseConfigData,
  parseTeamFile,
  readIfRegular,
  TEAM_DIR,
  type TeamColumns,
  writeCacheFile,
} from '@flowforge/core/internal';
import { bareRepoOf } from './repo-cache.js';
import { fetchMissingBlobs, listTree, readEntries, type TreeEntry } from './git-objects.js';

/** One repository's team layer at a commit, parsed and checked, as its cache keeps it. */
export interface RepoLayer {
  tip: string;
  columns: TeamColumns;
  /** Team files whose bytes do not match their names (see `TeamLayer.altered`). */
  altered: string[];
  /**
   * Its committed config, when asked for (`"rates": "repo"`), as `flowforge report` in that
   * repository would find it: the file's name and its parsed value, or that it is a program (never
   * run), or why it is no JSON or YAML; `null` when it has none.
   */
  config?: { file: string; data: unknown } | { file: string; code: true } | { file: string; unreadable: string } | null;
}

interface CacheContents extends RepoLayer {
  version: string;
  paths: string[];
  oids: string[];
}

/** Bumped with any change to what is cached: an older cache is rebuilt from the git objects. */
const CACHE_VERSION = 'org-layer/2';
const CACHE_FILE = 'layer.cache';

/**
 * The team layer of the cached commit `tip`. While the repository's ref has not moved, it is the
 * cache's copy, already parsed and checked: no git command runs. Otherwise the commit's tree is
 * listed, the newest team files chosen as a report of that repository would, their blobs fetched
 * (those the cache lacks, in one fetch) and read with one `git cat-file --batch`; files whose blob
 * is unchanged are taken from the cache.
 */
export async function readRepoLayer(cacheDir: string, tip: string, { withConfig }: { withConfig: boolean }): Promise<RepoLayer> {
  const cached = readCache(join(cacheDir, CACHE_FILE));
  if (cached && cached.tip === tip && (!withConfig || cached.config !== undefined)) return cached;
  const bare = bareRepoOf(cacheDir);
  const entries = await listTree(bare, tip, [TEAM_DIR, ...(withConfig ? CONFIG_SEARCH_PLACES : [])]);
  if (!entries.some((entry) => entry.path.startsWith(`${TEAM_DIR}/`))) await refuseLinkedTeamFolder(bare, tip);
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const { chosen } = newestPerMonth(entries.filter((entry) => entry.path.startsWith(`${TEAM_DIR}/`)).map((entry) => entry.path));
  const configEntries = withConfig ? configEntriesOf(byPath) : [];

  const reusable = new Map((cached?.paths ?? []).map((path, index) => [`${path}\0${cached?.oids[index]}`, index]));
  const toRead = chosen.map((path) => byPath.get(path) as TreeEntry).filter((entry) => !reusable.has(`${entry.path}\0${entry.oid}`));
  // A JS or TS config is a program: it is never loaded for another repository, nor even fetched.
  toRead.push(...configEntries.filter((entry) => !entry.path.startsWith('flowforge.config.')));
  await fetchMissingBlobs(bare, tip, toRead.map((entry) => entry.oid));
  const read = await readEntries(bare, toRead);

  const builder = new ColumnsBuilder();
  const altered: string[] = [];
  const wasAltered = new Set(cached?.altered);
  for (const path of chosen) {
    const entry = byPath.get(path) as TreeEntry;
    const hit = reusable.get(`${path}\0${entry.oid}`);
    if (cached && hit !== undefined) {
      builder.addFrom(cached.columns, cached.columns.files[hit] as TeamColumns['files'][number]);
      if (wasAltered.has(path)) altered.push(path);
      continue;
    }
    const found = read.get(path);
    if (found && 'refused' in found) throw flowForgeError('FF_NOT_A_FILE', { path, kind: found.refused });
    if (found && 'tooLarge' in found) throw flowForgeError('FF_FILE_TOO_LARGE', { path, bytes: found.tooLarge, limit: MAX_SMALL_FILE_BYTES });
    if (!found || !('bytes' in found)) continue;
    if (!bytesMatchName(path, found.bytes)) altered.push(path);
    builder.addFile(parseTeamFile(path, found.bytes.toString('utf8')));
  }
  const layer: CacheContents = {
    version: CACHE_VERSION,
    tip,
    paths: chosen,
    oids: chosen.map((path) => (byPath.get(path) as TreeEntry).oid),
    altered,
    columns: builder.build(),
    ...(withConfig ? { config: await configOf(configEntries, read) } : {}),
  };
  writeCacheFile(join(cacheDir, CACHE_FILE), serialize(layer));
  return layer;
}

/**
 * The candidates for the config a `flowforge report` in that repository would load, in the order
 * it searches: `package.json` (a config only under its `flowforge` key), then the first of the
 * other search places it has.
 */
function configEntriesOf(byPath: Map<string, TreeEntry>): TreeEntry[] {
  const others = CONFIG_SEARCH_PLACES.filter((name) => name !== 'package.json').map((name) => byPath.get(name));
  return [byPath.get('package.json'), others.find((entry) => entry !== undefined)].filter((entry): entry is TreeEntry => entry !== undefined);
}

async function configOf(entries: readonly TreeEntry[], read: Map<string, ReturnType<typeof readIfRegular>>): Promise<RepoLayer['config']> {
  for (const entry of entries) {
    if (entry.path.startsWith('flowforge.config.')) return { file: entry.path, code: true };
    const found = read.get(entry.path);
    if (!found || !('bytes' in found)) continue;
    let data: unknown;
    try {
      data = await parseConfigData(entry.path, found.bytes.toString('utf8'));
    } catch (error) {
      return { file: entry.path, unreadable: (error as Error).message };
    }
    if (entry.path !== 'package.json') return { file: entry.path, data };
    if (data !== null && typeof data === 'object' && 'flowforge' in data) return { file: entry.path, data: data.flowforge };
  }
  return null;
}

/**
 * No team file at all: a repository without time yet, or one whose `.flowforge` or team folder is
 * a symbolic link or a submodule, which a checkout would follow elsewhere and which is refused as
 * `flowforge report` in that repository refuses it, never billed as nothing.
 */
async function refuseLinkedTeamFolder(bare: string, tip: string): Promise<void> {
  const folders = [TEAM_DIR.split('/')[0] as string, TEAM_DIR];
  for (const entry of await listTree(bare, tip, folders, { recursive: false }))
    if (folders.includes(entry.path) && entry.type !== 'tree') throw flowForgeError('FF_NOT_A_FILE', { path: entry.path, kind: entry.mode === '120000' ? 'a symbolic link' : 'a submodule' });
}

function readCache(path: string): CacheContents | undefined {
  const found = readIfRegular(path, MAX_CACHE_BYTES);
  if (!('bytes' in found)) return undefined;
  try {
    const contents = deserialize(found.bytes) as CacheContents;
    return contents.version === CACHE_VERSION && contents.paths.length === contents.columns.files.length ? contents : undefined;
  } catch {
    return undefined; // damaged, or written by another Node: rebuilt from the git objects
  }
}
