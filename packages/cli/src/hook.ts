import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stillConverged } from '@flowforge/core/convergence';

/**
 * `flowforge hook <git-hook> [args]`, as husky runs it on every commit. The fast path — nothing
 * tracked since the last aggregation, and the team files of the last one still in the work tree
 * and the index (`stillConverged`) — uses only `fs` and, for a config that is code, an import of
 * it: no argument parser, config loader, zod or plugin is loaded. Anything else goes to the full
 * run in `hook-run.ts`.
 */
export async function runHook(args: readonly string[]): Promise<void> {
  if (process.env.HUSKY === '0' || process.env.FLOWFORGE_SKIP === '1') return;
  const [gitHook] = args;
  if (gitHook !== 'pre-commit' && gitHook !== 'post-checkout') return; // other hooks have nothing to do; never block git
  const repoRoot = findRepoRoot(process.cwd());
  if (!repoRoot) return;
  if (gitHook === 'post-checkout') {
    const { followBranch } = await import('./follow-branch.js');
    return followBranch(repoRoot, args.slice(1));
  }
  if (await needsFullRun(repoRoot)) {
    const { runPreCommit } = await import('./hook-run.js');
    process.exitCode = await runPreCommit(repoRoot);
  }
  // Everything is awaited, and on Linux writes to stdout and stderr are synchronous whatever they
  // go to: nothing is left to flush, so the hook ends here rather than after Node tears its heap
  // down. Elsewhere a pipe may still hold lines, and Node ends on its own.
  if (process.platform === 'linux') process.exit();
}

function findRepoRoot(cwd: string): string | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Some user who tracked time in this clone (only `FLOWFORGE_USER` when it is set) did so since
 * their last aggregation (`time/changes`, which the store writes with every entry), or their team
 * files may no longer be what their private layer gives.
 */
async function needsFullRun(repoRoot: string): Promise<boolean> {
  const users = join(repoRoot, '.flowforge', 'user');
  let names: string[];
  try {
    names = process.env.FLOWFORGE_USER ? [process.env.FLOWFORGE_USER] : readdirSync(users);
  } catch {
    return false;
  }
  for (const name of names) {
    if (name.startsWith('.') || !existsSync(join(users, name, 'time'))) continue;
    // Not followed: a link there is something to look at, which the full run refuses by name.
    const changes = lstatSync(join(users, name, 'time', 'changes'), { throwIfNoEntry: false });
    if ((changes?.size ?? 0) > 0 || !(await stillConverged(repoRoot, name))) return true;
  }
  return false;
}
