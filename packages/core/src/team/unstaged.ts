import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../store/private-dir.js';
import { ignoreEverythingIn } from '../store/git-ignored.js';
import { unlinkIfPresent } from '../store/unlink-if-present.js';

/**
 * Team files written outside a commit (`flowforge aggregate`, the daemon) wait here to be staged
 * by the next pre-commit hook, which checks this file on its fast path: time aggregated in the
 * background reaches git with the developer's next commit, whatever that commit is.
 */
const UNSTAGED_FILE = '.flowforge/daemon/unstaged';

export interface TeamFileChanges {
  written: string[];
  removed: string[];
}

export function unstagedFile(repoRoot: string): string {
  return join(repoRoot, UNSTAGED_FILE);
}

export async function noteUnstaged(repoRoot: string, changes: TeamFileChanges): Promise<void> {
  const lines = [...changes.written.map((path) => `+${path}`), ...changes.removed.map((path) => `-${path}`)];
  if (lines.length === 0) return;
  await ensurePrivateDir(join(repoRoot, '.flowforge', 'daemon'));
  await ignoreEverythingIn(join(repoRoot, '.flowforge', 'daemon'));
  appendFileSync(unstagedFile(repoRoot), `${lines.join('\n')}\n`);
}

/** What is waiting, the last word on each path winning (a file written, then superseded). */
export async function readUnstaged(repoRoot: string): Promise<TeamFileChanges> {
  const text = readIfPresent(unstagedFile(repoRoot));
  const last = new Map<string, '+' | '-'>();
  for (const line of text.split('\n')) if (line.length > 1) last.set(line.slice(1), line[0] === '-' ? '-' : '+');
  const changes: TeamFileChanges = { written: [], removed: [] };
  for (const [path, sign] of last) (sign === '+' ? changes.written : changes.removed).push(path);
  return changes;
}

export async function clearUnstaged(repoRoot: string): Promise<void> {
  unlinkIfPresent(unstagedFile(repoRoot)); // synchronous: every commit clears it
}

/** Usually missing: checked first, because a failed read costs an error with its stack. */
function readIfPresent(file: string): string {
  if (!existsSync(file)) return '';
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // removed in between
  }
}
