import { spawnSync } from 'node:child_process';
import { flowForgeError, TEAM_DIR } from '@flowforge/core/lite';

/**
 * Which commit a report was made from, for the bill to say so: a reader can then bill from the
 * same team files (`--ref <hash>`).
 */
export interface SourceCommit {
  hash: string;
  /** As git abbreviates it: unique in this clone. */
  short: string;
}

/**
 * The commit `--ref` names, resolved once, so that the report reads that very commit even if the
 * branch moves meanwhile. `FF_BAD_REF` (exit 2) when it names no commit of this clone.
 */
export function commitOfRef(repoRoot: string, ref: string): SourceCommit {
  const found = lookUpCommit(repoRoot, ref);
  if ('reason' in found) throw flowForgeError('FF_BAD_REF', { ref, reason: found.reason });
  return found;
}

/** The commit checked out (`HEAD`), or `null` in a repository with no commit yet. */
export function headCommit(repoRoot: string): SourceCommit | null {
  const found = lookUpCommit(repoRoot, 'HEAD');
  return 'reason' in found ? null : found;
}

/**
 * Whether the work tree's team layer differs from `HEAD`'s (a team file added, changed or removed
 * and not committed): a report of the work tree then bills more, or less, than the commit holds.
 */
export function teamLayerChanged(repoRoot: string): boolean {
  // --no-optional-locks: a report only reads, and must never hold the index lock a commit needs.
  const args = ['--no-optional-locks', 'status', '--porcelain', '-z', '--untracked-files=all', '--', TEAM_DIR];
  const result = git(repoRoot, args);
  if (result.status !== 0) throw flowForgeError('FF_GIT_FAILED', { command: `git ${args.join(' ')}`, reason: result.stderr.trim() });
  return result.stdout !== '';
}

function lookUpCommit(repoRoot: string, rev: string): SourceCommit | { reason: string } {
  const result = git(repoRoot, ['log', '-1', '--no-walk', '--format=%H %h', '--end-of-options', `${rev}^{commit}`, '--']);
  const [hash, short] = result.stdout.trim().split(' ');
  if (result.status !== 0 || !hash || !short) return { reason: result.stderr.trim() || 'git names no commit' };
  return { hash, short };
}

function git(repoRoot: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  if (result.error) throw flowForgeError('FF_GIT_FAILED', { command: `git ${args.join(' ')}`, reason: result.error.message });
  return result;
}
