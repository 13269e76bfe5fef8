import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The top of the git work tree that holds `cwd`, found by looking for `.git` (a folder, or a file
 * in worktrees and submodules) rather than by spawning git: this runs on every command.
 */
export function findRepoRoot(cwd: string): string | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** `repoRoot` when the caller found it already (`null`: not in a work tree), else looked up from `cwd`. */
export function repoRootOf({ cwd, repoRoot }: { cwd: string; repoRoot?: string | null }): string | null {
  return repoRoot === undefined ? findRepoRoot(cwd) : repoRoot;
}
