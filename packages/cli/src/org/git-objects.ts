import { catFileBatchObjects, flowForgeError, MAX_SMALL_FILE_BYTES, type RegularFileRead } from '@flowforge/core/internal';
import { git } from './git.js';

/** One record of `git ls-tree -r -z`: `<mode> <type> <object>\t<path>`. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  path: string;
}

/**
 * The entries under `paths` in the commit `tip` of a cache (or, not `recursive`, the entries
 * `paths` name themselves). No sizes (`-l`): in a partial clone a
 * blob's size is known only once the blob is there, and git would fetch each one to find it.
 */
export async function listTree(bare: string, tip: string, paths: readonly string[], { recursive = true } = {}): Promise<TreeEntry[]> {
  const out = await git(['ls-tree', ...(recursive ? ['-r'] : []), '-z', tip, '--', ...paths], { cwd: bare });
  return out
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const tab = record.indexOf('\t');
      const [mode = '', type = '', oid = ''] = record.slice(0, tab).split(/ +/);
      return { mode, type, oid, path: record.slice(tab + 1) };
    });
}

/**
 * Downloads, in one fetch, the blobs among `oids` that the partial clone does not have yet — as
 * git's own lazy fetch does, but for all of them at once rather than one round trip per blob. Which
 * are missing, `rev-list --missing=print` says without fetching anything.
 */
export async function fetchMissingBlobs(bare: string, tip: string, oids: readonly string[]): Promise<number> {
  const listed = await git(['rev-list', '--objects', '--no-walk', '--missing=print', tip], { cwd: bare });
  const missing = new Set(listed.toString('utf8').split('\n').filter((line) => line.startsWith('?')).map((line) => line.slice(1)));
  const wanted = [...new Set(oids)].filter((oid) => missing.has(oid));
  if (wanted.length === 0) return 0;
  await git(
    ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', '--stdin', 'origin'],
    { cwd: bare, input: `${wanted.join('\n')}\n` },
  );
  return wanted.length;
}

/**
 * The bytes of tree entries, as reading them from a work tree would give them: a link or a
 * submodule is refused, never read; a blob larger than any file FlowForge writes is not read
 * (its size is asked first, with `--batch-check`); the others come from one `git cat-file --batch`.
 */
export async function readEntries(bare: string, entries: readonly TreeEntry[]): Promise<Map<string, RegularFileRead>> {
  const found = new Map<string, RegularFileRead>();
  const blobs: TreeEntry[] = [];
  for (const entry of entries) {
    if (entry.mode === '120000') found.set(entry.path, { refused: 'a symbolic link' });
    // A submodule (a `commit` entry) is a folder in a checkout.
    else if (entry.type !== 'blob') found.set(entry.path, { refused: 'a folder' });
    else blobs.push(entry);
  }
  if (blobs.length === 0) return found;
  const sizes = (await git(['cat-file', '--batch-check=%(objectsize)'], { cwd: bare, input: blobs.map((entry) => `${entry.oid}\n`).join('') }))
    .toString('utf8')
    .split('\n');
  const small = blobs.filter((entry, index) => {
    const size = Number(sizes[index]);
    if (!(size <= MAX_SMALL_FILE_BYTES)) found.set(entry.path, { tooLarge: size });
    return size <= MAX_SMALL_FILE_BYTES;
  });
  if (small.length === 0) return found;
  const out = await git(['cat-file', '--batch'], { cwd: bare, input: small.map((entry) => `${entry.oid}\n`).join('') });
  for (const [index, bytes] of catFileBatchObjects(out, small.length).entries()) {
    const entry = small[index] as TreeEntry;
    if (bytes === null) throw flowForgeError('FF_GIT_FAILED', { command: 'git cat-file --batch', reason: `${entry.path} (${entry.oid}) is listed but not in the cache` });
    found.set(entry.path, { bytes });
  }
  return found;
}
