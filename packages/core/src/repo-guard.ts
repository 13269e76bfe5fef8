import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { builtin } from './builtins.js';
import { flowForgeError } from './errors.js';
import { assertRealFolders } from './store/contained.js';
import { fileStamp } from './store/file-stamp.js';
import { namesIn } from './store/names-in.js';
import { readRuntimeCache, writeRuntimeCache } from './store/runtime-cache.js';
import { gitDirOf } from './team/head-moves.js';

/** FlowForge's folders, each a real folder or absent: never a link, which would lead outside. */
const FOLDERS = ['.flowforge/user', '.flowforge/daemon/queue', '.flowforge/daemon/converged', '.flowforge/team', '.flowforge/recovery'];
/** What git must never track: private detail and this clone's runtime state. */
export const UNTRACKED = ['.flowforge/user', '.flowforge/daemon'];
const CHECKED_FILE = '.flowforge/daemon/untracked.json';

/**
 * What every command that reads or writes a clone's `.flowforge/` checks first (verify and doctor
 * report the same instead): FlowForge's folders and each user's private folder are real folders,
 * not links (`FF_LINK_REFUSED`), and git tracks nothing of the private and runtime folders
 * (`FF_PRIVATE_TRACKED`): a daily log that came with a commit would be billed as someone's time,
 * and a note written into a tracked file would be committed. Files in the team layer, which git
 * tracks by design, are checked as they are read (`contained.ts`).
 */
export function guardRepo(repoRoot: string): void {
  assertNoLinkedFolders(repoRoot);
  assertNothingTracked(repoRoot);
}

/** `FF_LINK_REFUSED` when one of FlowForge's folders, or a user's private folder, is a link or a file. */
export function assertNoLinkedFolders(repoRoot: string): void {
  for (const dir of FOLDERS) assertRealFolders(repoRoot, dir);
  for (const name of namesIn(join(repoRoot, '.flowforge', 'user')))
    if (lstatSync(join(repoRoot, '.flowforge', 'user', name), { throwIfNoEntry: false })?.isSymbolicLink())
      throw flowForgeError('FF_LINK_REFUSED', { path: `.flowforge/user/${name}`, kind: 'a symbolic link' });
}

/**
 * One `git ls-files` (a process), asked again only when git's index changed since: git rewrites it
 * (under a new inode) with everything that changes what it tracks — checkout, merge, pull, reset,
 * cherry-pick, `git add -f` — and with each commit's staging, so the hook asks on every commit
 * and the tracking commands between two commits ask once.
 */
function assertNothingTracked(repoRoot: string): void {
  const gitDir = gitDirOf(repoRoot);
  if (gitDir === null) return;
  const key = fileStamp(join(gitDir, 'index'));
  if ((readRuntimeCache(repoRoot, CHECKED_FILE) as { key?: unknown } | undefined)?.key === key) return;
  const tracked = trackedUnder(repoRoot, UNTRACKED);
  if (tracked.length > 0) throw flowForgeError('FF_PRIVATE_TRACKED', { paths: tracked });
  // Remembered where a clone already keeps runtime state: a check makes no folder of its own (a
  // dry run changes nothing).
  if (existsSync(join(repoRoot, '.flowforge', 'daemon'))) void writeRuntimeCache(repoRoot, CHECKED_FILE, `${JSON.stringify({ key })}\n`);
}

/** The files git tracks under `dirs`; none when git cannot tell. */
export function trackedUnder(repoRoot: string, dirs: readonly string[]): string[] {
  const result = builtin.childProcess().spawnSync('git', ['ls-files', '-z', '--', ...dirs], { cwd: repoRoot, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\0').filter(Boolean) : [];
}
