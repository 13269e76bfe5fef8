import { extname, join } from 'node:path';
import type { EvaluatedConfig } from '../config/load.js';
import { CONFIG_SEARCH_PLACES } from '../config/search.js';
import { fileStamp } from '../store/file-stamp.js';
import { namesIn } from '../store/names-in.js';
import { readIfRegular } from '../store/regular-file.js';
import { headMovesStamp } from '../team/head-moves.js';

/**
 * Convergence (the private layer is the source of truth): after any checkout, reset, rebase, merge
 * or abandoned branch, a user's next commit carries all of their time. Each run that aggregates a
 * user in this clone ends by recording what it left (`.flowforge/daemon/converged/<user>.json`,
 * per clone, never committed); the pre-commit hook trusts that record without loading anything
 * only while all of these hold:
 * - nothing was tracked since (`time/changes` is empty: checked by the caller);
 * - the folders of the files it lists — this clone's newest team file of each month and the
 *   newest audit records — hold what it left there (a checkout or `reset --hard` that dropped one,
 *   or a merge that brought an older file of a month since emptied, shows here);
 * - they were staged by a pre-commit hook, and HEAD has only been committed to or checked out
 *   since (a reset may have left the index without them: `ORIG_HEAD` tells, see `head-moves.ts`);
 * - the config files and `TZ` are as they were (the policy, or the zone, may have changed);
 * - a config that is code still evaluates to what it did (it may read the environment: a team
 *   name, a pseudonym salt from `FLOWFORGE_SALT`; see `evaluatesAsBefore`).
 * Otherwise the hook runs in full: it rebuilds every month when the policy or a folder changed,
 * and stages every file of the record, so the index converges too.
 *
 * This module reads and checks the record, with `fs` alone but for a code config, which is
 * imported: the hook's fast path loads it and nothing else. `record-convergence.ts` writes it.
 */
export interface ConvergenceRecord {
  schema: typeof CONVERGENCE_SCHEMA;
  /** What the policies made of this private layer: identity, granularity, rounding, zone, plugins. */
  policy: string;
  /** The user's `TZ` then (it may set the zone), as the run read it: FlowForge never sets `TZ`. */
  tz: string | null;
  /**
   * The config files at the top of the work tree, with their stamps: an edit or a removal shows.
   * (A config file added where there was none takes effect with the next tracked time.)
   */
  config: [string, string][];
  /**
   * The run's config, when it is code: its file and what it evaluated to, as JSON text (`null`
   * without a JSON form: never trusted). `null` for a config that is data, or none. Absent from a
   * record of an older FlowForge, which the hook does not trust for it, though it is sound for the rest.
   */
  evaluated?: EvaluatedConfig | null;
  /** Repo-relative files that must be in the work tree and the index. */
  files: string[];
  /**
   * The folders of `files` as the run left them: their stamps, and the names in each. A folder
   * that still holds just these names lost none of `files` and gained no file that could take the
   * place of one (an older revision of a month since emptied, merged in from another branch).
   */
  folders: { dir: string; stamp: string; names: string[] }[];
  /** When the record was written (ms): a folder changed this close to it may not show it yet. */
  writtenAt: number;
  /**
   * Files that runs outside a commit (`flowforge aggregate`, the daemon) wrote and no commit has
   * staged yet, older audit records among them: the next hook stages them too, or the trail would
   * reach git with a gap.
   */
  unstaged: string[];
  /** `headMovesStamp` once the hook staged `files`; `null` when a run outside a commit wrote some since. */
  staged: string | null;
}

export const CONVERGENCE_SCHEMA = 'flowforge.converged/1';
/** A record lists a year of months and a trail folder: tens of kilobytes. */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

export const convergenceRecordPath = (user: string): string => `.flowforge/daemon/converged/${user}.json`;

export function readConvergence(repoRoot: string, user: string): ConvergenceRecord | undefined {
  // Never through a link, never more than a record can be: anything else is no record at all, and
  // the full run that follows names it.
  const found = readIfRegular(join(repoRoot, convergenceRecordPath(user)), MAX_RECORD_BYTES);
  if (!('bytes' in found)) return undefined;
  let value: Partial<ConvergenceRecord>;
  try {
    value = JSON.parse(found.bytes.toString('utf8')) as Partial<ConvergenceRecord>;
  } catch {
    return undefined; // damaged: derived data, rebuilt by the next full run
  }
  const valid =
    value?.schema === CONVERGENCE_SCHEMA &&
    typeof value.policy === 'string' &&
    isTextList(value.files) &&
    isTextList(value.unstaged) &&
    isStampList(value.config) &&
    isEvaluated(value.evaluated) &&
    Array.isArray(value.folders) &&
    value.folders.every((folder) => typeof folder?.dir === 'string' && typeof folder.stamp === 'string' && isTextList(folder.names)) &&
    typeof value.writtenAt === 'number' &&
    (value.staged === null || typeof value.staged === 'string');
  return valid ? (value as ConvergenceRecord) : undefined;
}

/**
 * The folders of the record's files hold what the run left there, no more and no less. As git
 * trusts its index: a folder whose stamp is as recorded, and was not changed within `RACY_MS` of
 * the record (a file system may keep whole seconds), is unchanged; any other is listed.
 */
export function foldersUnchanged(repoRoot: string, record: ConvergenceRecord): boolean {
  return record.folders.every(({ dir, stamp, names }) => {
    if (stamp === fileStamp(join(repoRoot, dir)) && mtimeOf(stamp) < record.writtenAt - RACY_MS) return true;
    const now = namesIn(join(repoRoot, dir)).sort();
    return now.length === names.length && now.every((name, i) => name === names[i]);
  });
}

/** Folders record changes within this of a change on any file system FlowForge runs on (FAT: 2 s). */
const RACY_MS = 2_000;

const mtimeOf = (stamp: string): number => Number(stamp.split(':')[1]);

/**
 * The hook's check: the record still vouches that this user's team files in the work tree and
 * the index are what their private layer gives. A read of the record and a few `stat`s; with a
 * config that is code, an import of it too.
 */
export async function stillConverged(repoRoot: string, user: string): Promise<boolean> {
  const record = readConvergence(repoRoot, user);
  const onDisk =
    record !== undefined &&
    record.staged !== null &&
    record.tz === (process.env.TZ ?? null) &&
    unchangedStamps(repoRoot, record.config) &&
    record.staged === headMovesStamp(repoRoot) &&
    foldersUnchanged(repoRoot, record);
  if (!onDisk || record.evaluated === undefined) return false;
  if (record.evaluated === null) return true;
  // Only the repo's own config file, whose stamp was just checked, is ever imported: the record is
  // a file in the work tree, and a path in it must not choose what code the hook runs.
  const configFile = record.config.some(([name]) => join(repoRoot, name) === record.evaluated?.file);
  return configFile && (await evaluatesAsBefore(record.evaluated));
}

/**
 * A config that is code gives what it gave the run that wrote the record: the environment or
 * the files it reads may have changed, which no stamp shows, and a policy from it (a salt, the
 * plugins) decides the team files. So it is imported again, as the full run would, and its
 * JSON compared. A TypeScript config needs cosmiconfig and TypeScript to load, as much as a
 * full run, so it gets one; so does anything that fails here (the full run reports it).
 */
async function evaluatesAsBefore({ file, json }: EvaluatedConfig): Promise<boolean> {
  if (json === null) return false;
  const code = await import('../config/code-config.js');
  if (!code.JS_EXTENSIONS.has(extname(file))) return false;
  try {
    return code.evaluatedJson(await code.importDefault(file)) === json;
  } catch {
    return false;
  }
}

/** Files were written outside a commit since the hook last staged (or no run recorded anything yet). */
export function stagedSinceLastWrite(repoRoot: string, user: string): boolean {
  return (readConvergence(repoRoot, user)?.staged ?? null) !== null;
}

const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isEvaluated = (value: unknown): value is EvaluatedConfig | null | undefined =>
  value == null || (typeof (value as EvaluatedConfig | undefined)?.file === 'string' && ((value as EvaluatedConfig).json === null || typeof (value as EvaluatedConfig).json === 'string'));
const isStampList = (value: unknown): value is [string, string][] =>
  Array.isArray(value) && value.every((item) => Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string');

/** The config files at the top of the work tree (where `flowforge hook` runs), with their stamps. */
export function configStamps(repoRoot: string): [string, string][] {
  return CONFIG_SEARCH_PLACES.map((name): [string, string] => [name, fileStamp(join(repoRoot, name))]).filter(([, stamp]) => stamp !== 'missing');
}

const unchangedStamps = (repoRoot: string, stamps: readonly [string, string][]): boolean =>
  stamps.every(([path, stamp]) => fileStamp(join(repoRoot, path)) === stamp);
