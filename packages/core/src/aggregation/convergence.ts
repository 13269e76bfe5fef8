import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SEARCH_PLACES } from '../config/search.js';
import { fileStamp } from '../store/file-stamp.js';
import { onlyCommitsSince, type ReflogMark } from '../team/head-reflog.js';

/**
 * Convergence (the private layer is the source of truth): after any checkout, reset, rebase, merge
 * or abandoned branch, a user's next commit carries all of their time. Each run that aggregates a
 * user in this clone ends by recording what it left (`.flowforge/daemon/converged/<user>.json`,
 * per clone, never committed); the pre-commit hook trusts that record without loading anything
 * only while all of these hold:
 * - nothing was tracked since (`time/changes` is empty: checked by the caller);
 * - the files it lists — this clone's newest team file of each month and the newest audit
 *   records — are still in the work tree (a checkout or `reset --hard` that dropped one shows here);
 * - they were staged by a pre-commit hook, and HEAD has only been committed to since (a mixed
 *   reset, a checkout or a merge may have left the index without them: HEAD's reflog tells);
 * - the config files and `TZ` are as they were (the policy, or the zone, may have changed).
 * Otherwise the hook runs in full: it rebuilds every month when the policy changed or a file is
 * missing, and stages every file of the record, so the index converges too.
 *
 * This module reads and checks the record, with `fs` alone: the hook's fast path loads it and
 * nothing else. `record-convergence.ts` writes it.
 */
export interface ConvergenceRecord {
  schema: typeof CONVERGENCE_SCHEMA;
  /** What the policies made of this private layer: identity, granularity, rounding, zone, plugins. */
  policy: string;
  /** `TZ` then (it may set the zone). */
  tz: string | null;
  /** Each config file name at the top of the work tree, with its stamp (`missing` when absent). */
  config: [string, string][];
  /** Repo-relative files that must be in the work tree and the index. */
  files: string[];
  /**
   * Files that runs outside a commit (`flowforge aggregate`, the daemon) wrote and no commit has
   * staged yet, older audit records among them: the next hook stages them too, or the trail would
   * reach git with a gap.
   */
  unstaged: string[];
  /** Where HEAD's reflog ended once the hook staged `files`; `null` when a run outside a commit wrote some since. */
  staged: ReflogMark | null;
}

export const CONVERGENCE_SCHEMA = 'flowforge.converged/1';

export const convergenceRecordPath = (user: string): string => `.flowforge/daemon/converged/${user}.json`;

export function readConvergence(repoRoot: string, user: string): ConvergenceRecord | undefined {
  let value: Partial<ConvergenceRecord>;
  try {
    value = JSON.parse(readFileSync(join(repoRoot, convergenceRecordPath(user)), 'utf8')) as Partial<ConvergenceRecord>;
  } catch {
    return undefined; // none yet, or damaged: derived data, rebuilt by the next full run
  }
  const valid =
    value?.schema === CONVERGENCE_SCHEMA &&
    typeof value.policy === 'string' &&
    isTextList(value.files) &&
    isTextList(value.unstaged) &&
    Array.isArray(value.config) &&
    (value.staged === null || (typeof value.staged?.size === 'number' && typeof value.staged.lastLine === 'string'));
  return valid ? (value as ConvergenceRecord) : undefined;
}

/** The files of the record are all regular files of the work tree (none removed, none a link). */
export function filesPresent(repoRoot: string, record: ConvergenceRecord): boolean {
  return record.files.every((file) => lstatSync(join(repoRoot, file), { throwIfNoEntry: false })?.isFile() === true);
}

/**
 * The hook's check: the record still vouches that this user's team files in the work tree and
 * the index are what their private layer gives. A few `stat`s and a read of HEAD's reflog tail.
 */
export function stillConverged(repoRoot: string, user: string): boolean {
  const record = readConvergence(repoRoot, user);
  return (
    record !== undefined &&
    record.staged !== null &&
    record.tz === (process.env.TZ ?? null) &&
    sameStamps(record.config, configStamps(repoRoot)) &&
    filesPresent(repoRoot, record) &&
    onlyCommitsSince(repoRoot, record.staged)
  );
}

/** Files were written outside a commit since the hook last staged (or no run recorded anything yet). */
export function stagedSinceLastWrite(repoRoot: string, user: string): boolean {
  return (readConvergence(repoRoot, user)?.staged ?? null) !== null;
}

const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

export function configStamps(repoRoot: string): [string, string][] {
  return CONFIG_SEARCH_PLACES.map((name) => [name, fileStamp(join(repoRoot, name))]);
}

function sameStamps(a: readonly [string, string][], b: readonly [string, string][]): boolean {
  return a.length === b.length && a.every(([name, stamp], i) => b[i]?.[0] === name && b[i]?.[1] === stamp);
}
