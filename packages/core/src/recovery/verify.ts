import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_SMALL_FILE_BYTES } from '../store/contained.js';
import { parseJsonBytes } from '../store/json-bytes.js';
import { readIfRegular, type RegularFileRead } from '../store/regular-file.js';
import { isTempFileName } from '../store/temp-file.js';
import { newestPerMonth } from '../team/read.js';
import { parseTeamFilePath, TEAM_DIR, teamFileProblems } from '../team/team-file.js';
import { checkAuditChain, type ChainLink } from './audit-chain.js';
import { type AuditRecord, auditRecordProblems, parseAuditRecordPath, RECOVERY_DIR } from './audit-record.js';
import { sha256Hex } from '../hash/sha256.js';
import { VERIFY_SCHEMA, type VerifyProblem, type VerifyReport } from './verify-report.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** What the per-file pass learns, for the checks across files. */
interface Inventory {
  /** SHA-256 of every file read, by repo-relative path. */
  sha256Of: Map<string, string>;
  teamPaths: string[];
  /** Each user's valid audit records. */
  trails: Map<string, ChainLink[]>;
  /** SHA-256 of records that are present but damaged, so a link to one is named as such. */
  damagedRecords: Set<string>;
}

/**
 * `flowforge verify`: checks every file under `.flowforge/team/` and `.flowforge/recovery/` of the
 * work tree — schema and privacy allowlist, that each name's hash is of the file's bytes, each
 * user's audit chain, and that the newest records list exactly the newest team files, byte for
 * byte. Uses the hand-written checks, not zod, so a CI job starts fast without the team's install.
 */
export async function verifyTeamData(repoRoot: string): Promise<VerifyReport> {
  if (lstatSync(join(repoRoot, '.flowforge'), { throwIfNoEntry: false })?.isSymbolicLink())
    return { schema: VERIFY_SCHEMA, ok: false, files: 0, problems: [{ file: '.flowforge', severity: 'error', message: 'a symbolic link: FlowForge never follows links; nothing under it was read' }] };
  const paths = [...(await filesUnder(repoRoot, TEAM_DIR)), ...(await filesUnder(repoRoot, RECOVERY_DIR))];
  // Never followed, never read past a sane size: on a pull request from anyone, a link to a
  // secret or a device must not reach the CI log.
  return verifyFoundFiles(paths.map((path) => ({ path, found: readIfRegular(join(repoRoot, path), MAX_SMALL_FILE_BYTES) })));
}

/**
 * The checks of `verifyTeamData` over files found anywhere — the work tree, or a revision's git
 * objects (`verify --org`): `found` is what reading each path gave.
 */
export function verifyFoundFiles(files: readonly { path: string; found: RegularFileRead }[]): VerifyReport {
  const problems: VerifyProblem[] = [];
  const inventory: Inventory = { sha256Of: new Map(), teamPaths: [], trails: new Map(), damagedRecords: new Set() };
  for (const { path, found } of files) {
    if ('bytes' in found) problems.push(...checkFile(path, found.bytes, inventory));
    else if ('refused' in found) problems.push({ file: path, severity: 'error', message: `${found.refused}, not a file: FlowForge never follows links here nor reads anything but files; remove it` });
    else if ('tooLarge' in found) problems.push({ file: path, severity: 'error', message: `${found.tooLarge} bytes, more than any file FlowForge writes (${MAX_SMALL_FILE_BYTES}); not read` });
  }

  const { chosen, superseded } = newestPerMonth(inventory.teamPaths);
  const listedByLeaf = new Set<string>();
  const users = new Set([...chosen.map((path) => parseTeamFilePath(path)?.user ?? ''), ...inventory.trails.keys()]);
  for (const user of [...users].sort()) {
    const leaves = checkAuditChain(inventory.trails.get(user) ?? [], inventory.damagedRecords, problems);
    for (const leaf of leaves) for (const path of Object.keys(leaf.record.files)) listedByLeaf.add(path);
    problems.push(...checkNewestFiles(user, chosen, leaves, inventory));
  }
  problems.push(...checkSuperseded(superseded, chosen, listedByLeaf));

  problems.sort((a, b) => (a.file === b.file ? SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] : a.file < b.file ? -1 : 1));
  return { schema: VERIFY_SCHEMA, ok: !problems.some((found) => found.severity === 'error'), files: files.length, problems };
}

/** One file on its own: a name FlowForge writes, the hash in it, its schema and privacy allowlist. */
function checkFile(path: string, bytes: Buffer, inventory: Inventory): VerifyProblem[] {
  const sha256 = sha256Hex(bytes);
  inventory.sha256Of.set(path, sha256);
  const inTeam = path.startsWith(`${TEAM_DIR}/`);
  const name = inTeam ? parseTeamFilePath(path) : parseAuditRecordPath(path);
  if (!name) {
    if (isTempFileName(path)) return [{ file: path, severity: 'warning', message: 'a temporary file left by an interrupted write: never read, and the next write to its folder removes it' }];
    if (inTeam)
      return [{ file: path, severity: 'error', message: 'not a FlowForge team file: nothing but <user>/<clone or v1>/<YYYY-MM>.r<revision>.<hash>.json belongs under .flowforge/team/' }];
    if (/^\.flowforge\/recovery\/[^/]+\/audit\//.test(path)) return [{ file: path, severity: 'error', message: 'not an audit record: its name is not <seq>.<hash>.json' }];
    return [{ file: path, severity: 'warning', message: 'not written by FlowForge: unknown file under .flowforge/recovery/' }];
  }
  const found: string[] = [];
  if (sha256.slice(0, 12) !== name.hash) found.push(`its bytes hash to ${sha256.slice(0, 12)}, not ${name.hash} as its name says: it was changed after FlowForge wrote it`);
  let value: unknown;
  try {
    value = parseJsonBytes(bytes);
  } catch (error) {
    found.push(`not JSON: ${(error as Error).message}`);
  }
  if (value !== undefined) found.push(...(inTeam ? teamFileProblems(value, path) : auditRecordProblems(value, path)));
  if (inTeam) inventory.teamPaths.push(path);
  else if (found.length > 0) inventory.damagedRecords.add(sha256);
  else {
    const record = value as AuditRecord;
    inventory.trails.set(record.user, [...(inventory.trails.get(record.user) ?? []), { path, sha256, record }]);
  }
  return found.map((message) => ({ file: path, severity: 'error', message }));
}

/**
 * The newest records of `user`'s trail (one per branch) against the user's newest team files: each
 * file listed with the SHA-256 of its bytes, each listed file present — unless a newer file of its
 * month, listed by another branch's record, took its place in a merge.
 */
function checkNewestFiles(user: string, chosen: readonly string[], leaves: readonly ChainLink[], inventory: Inventory): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const error = (file: string, message: string) => problems.push({ file, severity: 'error', message });
  const covered = new Set<string>();
  for (const path of chosen.filter((path) => parseTeamFilePath(path)?.user === user)) {
    const listing = leaves.filter((leaf) => leaf.record.files[path] !== undefined);
    const sha256 = inventory.sha256Of.get(path) ?? '';
    const [first] = listing;
    if (listing.some((leaf) => leaf.record.files[path] === sha256)) covered.add(monthKey(path));
    else if (first) error(path, `differs from the audit trail: ${first.path} recorded sha256 ${first.record.files[path]?.slice(0, 12)}…, its bytes hash to ${sha256.slice(0, 12)}…`);
    else if (leaves.length === 0) error(path, `not covered by an audit trail: ${RECOVERY_DIR}/${user}/audit/ holds no valid record`);
    else error(path, `not in the audit trail: the newest record (${leaves.map((leaf) => leaf.path).join(', ')}) does not list it`);
  }
  const missing = new Set<string>();
  for (const leaf of leaves)
    for (const path of Object.keys(leaf.record.files))
      if (!inventory.sha256Of.has(path) && !covered.has(monthKey(path)) && !missing.has(path)) {
        missing.add(path);
        error(path, `missing from the work tree, but the audit trail (${leaf.path}) lists it`);
      }
  return problems;
}

/**
 * Older revisions beside the newest. One that only earlier records list is plain history; one that
 * a branch's newest record still lists lost to a newer one in a merge: worth a word, never an error.
 */
function checkSuperseded(superseded: readonly string[], chosen: readonly string[], listedByLeaf: ReadonlySet<string>): VerifyProblem[] {
  const newestOf = new Map(chosen.map((path) => [monthKey(path), path]));
  const problems: VerifyProblem[] = [];
  for (const path of superseded) {
    const newest = newestOf.get(monthKey(path));
    if (newest === undefined) continue; // a file from before shards, which a clone's shard replaced: history
    if (parseTeamFilePath(path)?.revision === parseTeamFilePath(newest)?.revision)
      problems.push({
        file: path,
        severity: 'warning',
        message: `a second file of the same revision as ${newest} (the same data aggregated under two policies, then merged): reports use ${newest}; \`flowforge aggregate --all\` on its owner's machine removes this one`,
      });
    else if (listedByLeaf.has(path))
      problems.push({
        file: path,
        severity: 'warning',
        message: `two revisions of one month after a merge of two branches: reports use the newer ${newest}, so nothing is counted twice; removing this file changes no report`,
      });
  }
  return problems;
}

/** `user/shard/month`: the files that are revisions of one another. */
function monthKey(path: string): string {
  const name = parseTeamFilePath(path);
  return name ? `${name.user}/${name.clone ?? name.source}/${name.month}` : path;
}

/**
 * Repo-relative paths of every entry under `dir` but folders, sorted; none when it does not exist.
 * Only real folders are entered: a link (to a folder or not) is listed like a file, for the caller
 * to refuse, and a link in place of `dir` itself is listed alone.
 */
async function filesUnder(repoRoot: string, dir: string): Promise<string[]> {
  const top = lstatSync(join(repoRoot, dir), { throwIfNoEntry: false });
  if (top !== undefined && !top.isDirectory()) return [dir];
  let entries: Dirent[] = [];
  try {
    // Synchronous, like every read of many small files here (see store/create-file.ts).
    entries = readdirSync(join(repoRoot, dir), { withFileTypes: true });
  } catch {
    // none: the folder does not exist
  }
  const paths: string[] = [];
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) paths.push(...(await filesUnder(repoRoot, path)));
    else paths.push(path);
  }
  return paths.sort();
}
