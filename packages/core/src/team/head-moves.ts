import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileStamp } from '../store/file-stamp.js';

/**
 * A stamp of `ORIG_HEAD`, which git rewrites whenever a command moves HEAD in a way a commit does
 * not: `reset` (every mode, and a plain `git reset` that unstages everything), `merge` and `pull`,
 * `rebase`, `am`. Unchanged since the pre-commit hook staged its files means that only commits and
 * checkouts happened since: a commit commits the index, and a checkout that drops a file drops it
 * from the work tree too, where the hook sees it. `null` outside a git work tree.
 */
export function headMovesStamp(repoRoot: string): string | null {
  const gitDir = gitDirOf(repoRoot);
  return gitDir === null ? null : fileStamp(join(gitDir, 'ORIG_HEAD'));
}

/** `.git`, or (worktrees, submodules) the folder the `.git` file names; `null` outside a git work tree. */
export function gitDirOf(repoRoot: string): string | null {
  const dotGit = join(repoRoot, '.git');
  const stat = statSync(dotGit, { throwIfNoEntry: false });
  if (!stat) return null;
  if (stat.isDirectory()) return dotGit;
  const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  if (!pointer) return null;
  return isAbsolute(pointer) ? pointer : join(repoRoot, pointer);
}
