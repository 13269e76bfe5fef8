import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { flowForgeError } from '../errors.js';
import { assertRealFolders, MAX_SMALL_FILE_BYTES, readRegularFile } from '../store/contained.js';
import { bytesMatchName, parseTeamFilePath, TEAM_DIR, type TeamFile, teamFileProblems } from './team-file.js';
import { builtin } from '../builtins.js';
import { CLONE_ID_PATTERN } from '../model/clone-id.js';
import { catFileBatchObjects } from './cat-file-batch.js';

export interface TeamLayer {
  /** The newest file of each user × shard × month (each clone's tracked time, imported v1 history). */
  files: TeamFile[];
  /** Older revisions still in the tree: kept on purpose (see `write.ts`), and never counted. */
  superseded: string[];
  /**
   * Files of `files` whose bytes do not match the hash in their name: changed after FlowForge
   * wrote them. Still well-formed, so billed, but `flowforge verify` rejects them and a report
   * says so.
   */
  altered: string[];
}

/**
 * Reads the team layer of the work tree. Synchronously on purpose: a year of a team is hundreds
 * of small files, and as many async reads queue on libuv's four threads (measured: the report
 * of 50 developers × a year took twice as long). Commands are short-lived processes.
 */
export async function readTeamLayer(repoRoot: string): Promise<TeamLayer> {
  const { chosen, superseded } = newestPerMonth(listTeamLayer(repoRoot));
  const altered: string[] = [];
  return { files: chosen.map((path) => readTeamFile(repoRoot, path, altered)), superseded, altered };
}

/**
 * A listed team file, read only if it is a regular file of a team file's size (a link in its
 * place is refused by name, never followed: `contained.ts`) and checked. Its path is added to
 * `altered`, when given, if its bytes do not match its name.
 */
export function readTeamFile(repoRoot: string, path: string, altered?: string[]): TeamFile {
  const bytes = readRegularFile(join(repoRoot, path), path);
  if (bytes === undefined) throw flowForgeError('FF_TEAM_FILE_INVALID', { file: path, problems: ['it was removed while it was read'] });
  if (altered && !bytesMatchName(path, bytes)) altered.push(path);
  return parseTeamFile(path, bytes.toString('utf8'));
}

/**
 * Every path under `.flowforge/team/`, relative to the repo, from the folders alone: only real
 * folders are entered, and anything else (a link among them) is listed for its reader to refuse.
 * `beforeRead` is told of each folder just before it is read (the report cache stamps them).
 */
export function listTeamLayer(repoRoot: string, beforeRead?: (dir: string) => void): string[] {
  assertRealFolders(repoRoot, TEAM_DIR);
  return entriesOf(repoRoot, TEAM_DIR, beforeRead).flatMap((user) =>
    user.isDirectory() ? listUserTeamFiles(repoRoot, user.name, beforeRead) : [`${TEAM_DIR}/${user.name}`],
  );
}

/**
 * Every path under `.flowforge/team/<user>/` and its shard folders (`<clone>/`, `v1/`). Any other
 * folder is listed as itself, so that one named like a team file is refused by its reader.
 */
export function listUserTeamFiles(repoRoot: string, user: string, beforeRead?: (dir: string) => void): string[] {
  const dir = `${TEAM_DIR}/${user}`;
  assertRealFolders(repoRoot, dir);
  return entriesOf(repoRoot, dir, beforeRead).flatMap((entry) =>
    entry.isDirectory() && isShardName(entry.name)
      ? entriesOf(repoRoot, `${dir}/${entry.name}`, beforeRead).map((file) => `${dir}/${entry.name}/${file.name}`)
      : [`${dir}/${entry.name}`],
  );
}

function isShardName(name: string): boolean {
  return name === 'v1' || CLONE_ID_PATTERN.test(name);
}

function entriesOf(repoRoot: string, dir: string, beforeRead?: (dir: string) => void): Dirent[] {
  beforeRead?.(dir);
  try {
    return readdirSync(join(repoRoot, dir), { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Reads the team layer of a git revision without checking it out: one `git ls-tree` and one
 * `git cat-file --batch` for all files, however many there are. As in the work tree, a link or a
 * submodule in a team file's place is refused, and so is a blob larger than a team file can be.
 */
export function readTeamLayerAt(repoRoot: string, ref: string): TeamLayer {
  const listing = builtin.childProcess().spawnSync('git', ['ls-tree', '-r', '-l', '-z', ref, '--', TEAM_DIR], { cwd: repoRoot, encoding: 'utf8' });
  if (listing.status !== 0) throw flowForgeError('FF_BAD_REF', { ref, reason: listing.stderr.trim() });
  const entries = new Map(listing.stdout.split('\0').filter(Boolean).map(parseTreeEntry).map((entry) => [entry.path, entry]));
  const { chosen, superseded } = newestPerMonth([...entries.keys()]);
  for (const path of chosen) checkTreeEntry(entries.get(path) as TreeEntry);
  if (chosen.length === 0) return { files: [], superseded, altered: [] };
  const batch = builtin.childProcess().spawnSync('git', ['cat-file', '--batch'], {
    cwd: repoRoot,
    input: chosen.map((path) => `${ref}:${path}\n`).join(''),
    maxBuffer: chosen.length * (MAX_SMALL_FILE_BYTES + 128),
  });
  if (batch.status !== 0) throw flowForgeError('FF_BAD_REF', { ref, reason: batch.stderr.toString().trim() });
  const files: TeamFile[] = [];
  const altered: string[] = [];
  for (const [index, bytes] of catFileBatchObjects(batch.stdout, chosen.length).entries()) {
    const path = chosen[index] as string;
    if (bytes === null) throw flowForgeError('FF_BAD_REF', { ref, reason: `${path} is listed but cannot be read` });
    if (!bytesMatchName(path, bytes)) altered.push(path);
    files.push(parseTeamFile(path, bytes.toString('utf8')));
  }
  return { files, superseded, altered };
}

interface TreeEntry {
  mode: string;
  type: string;
  size: number;
  path: string;
}

/** One record of `git ls-tree -r -l -z`: `<mode> <type> <object> <size>\t<path>`. */
function parseTreeEntry(record: string): TreeEntry {
  const tab = record.indexOf('\t');
  const [mode = '', type = '', , size = ''] = record.slice(0, tab).split(/ +/);
  return { mode, type, size: Number(size), path: record.slice(tab + 1) };
}

function checkTreeEntry({ mode, type, size, path }: TreeEntry): void {
  if (mode === '120000') throw flowForgeError('FF_NOT_A_FILE', { path, kind: 'a symbolic link' });
  if (type !== 'blob') throw flowForgeError('FF_NOT_A_FILE', { path, kind: `a ${type === 'commit' ? 'submodule' : type}` });
  if (!(size <= MAX_SMALL_FILE_BYTES)) throw flowForgeError('FF_FILE_TOO_LARGE', { path, bytes: size, limit: MAX_SMALL_FILE_BYTES });
}

/**
 * Of team file paths, the newest revision per user × shard × month (`chosen`) and the others
 * (`superseded`). A file written before clones had shards (`<user>/<month>…`, no clone folder) is
 * superseded once any clone's shard has that user's month: that clone has written all of its time
 * there, and the old file held one clone's time at most.
 */
export function newestPerMonth(paths: readonly string[]): { chosen: string[]; superseded: string[] } {
  const newest = new Map<string, { path: string; revision: number }>();
  const sharded = new Set<string>();
  const superseded: string[] = [];
  for (const path of [...paths].sort()) {
    const name = parseTeamFilePath(path);
    if (!name) continue;
    if (name.clone !== null) sharded.add(`${name.user}/${name.month}`);
    const key = `${name.user}/${name.clone ?? name.source}/${name.month}`;
    const current = newest.get(key);
    if (!current || name.revision > current.revision || (name.revision === current.revision && path > current.path)) {
      if (current) superseded.push(current.path);
      newest.set(key, { path, revision: name.revision });
    } else superseded.push(path);
  }
  const chosen: string[] = [];
  for (const [key, { path }] of newest) {
    const [user, shard, month] = key.split('/');
    if (shard === 'tracked' && sharded.has(`${user}/${month}`)) superseded.push(path);
    else chosen.push(path);
  }
  return { chosen: chosen.sort(), superseded: superseded.sort() };
}

/** A team file's text, parsed and checked: `FF_TEAM_FILE_INVALID` names the file and every problem. */
export function parseTeamFile(path: string, text: string): TeamFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw flowForgeError('FF_TEAM_FILE_INVALID', { file: path, problems: [`not JSON: ${(error as Error).message}`] });
  }
  const problems = teamFileProblems(value, path);
  if (problems.length > 0) throw flowForgeError('FF_TEAM_FILE_INVALID', { file: path, problems });
  return value as TeamFile;
}
