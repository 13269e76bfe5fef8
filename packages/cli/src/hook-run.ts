import { spawnSync } from 'node:child_process';
import {
  aggregateUser,
  type Booted,
  enqueueFailure,
  flowForgeError,
  guardRepo,
  resolveUserId,
  toUtcInstant,
} from '@flowforge/core/internal';
import { bootForCommand } from './boot.js';
import { yellow } from './output.js';
import { asFlowForgeError, reportError } from './report-error.js';

/**
 * The pre-commit hook's full run: bring the committer's team files in line with their private
 * layer (`aggregateUser`) and stage exactly the files their time is in, and those it removed. A
 * failure never blocks the commit unless `hook.failOnError` is set: it is queued for the daemon,
 * `status` reports it, and no time is lost — the private entries and their changed days stay until
 * a later run succeeds.
 */
export async function runPreCommit(repoRoot: string): Promise<number> {
  let booted: Booted | undefined;
  let user = 'unknown';
  try {
    guardRepo(repoRoot);
    user = resolveUserId(repoRoot);
    booted = await bootForCommand({});
    // Every file the user's time is in goes with this commit, whoever wrote it and whatever git
    // did since (a checkout, a reset, files aggregated by hand or by the daemon).
    await aggregateUser(booted, { repoRoot, user, trigger: 'pre-commit', all: false }, ({ files, removed }) => stage(repoRoot, files, removed));
    return 0;
  } catch (thrown) {
    if (booted?.loaded.config.hook.failOnError) return reportError(thrown, false);
    const error = asFlowForgeError(thrown);
    const queued = await enqueueFailure(repoRoot, { user, trigger: 'pre-commit', at: toUtcInstant(Date.now()), code: error.code, message: error.message }).catch(
      () => null,
    );
    const err = process.stderr;
    err.write(`${yellow('flowforge: time aggregation failed; the commit goes on.', err)}\n${error.code} ${error.message}\n`);
    err.write(`${queued ? 'Queued for the daemon; `flowforge status` shows it, `flowforge aggregate` retries now.' : 'Could not queue it either: run `flowforge aggregate`.'}\n`);
    return 0;
  }
}

/**
 * Stages exactly these paths, never anything else in the tree: files that exist, named one by one
 * (re-staging one already staged changes nothing). `git update-index --add` stages them as
 * `git add` would, without matching each path as a pattern against its whole folder (a year of
 * revisions). A removed file may never have been staged (written by
 * `flowforge aggregate` and superseded before a commit), so removals go through
 * `git rm --cached --ignore-unmatch`.
 */
function stage(repoRoot: string, files: readonly string[], removed: readonly string[]): void {
  const git = (command: string, args: readonly string[]) => {
    const result = spawnSync('git', [command, ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw flowForgeError('FF_GIT_FAILED', { command: `git ${command}`, reason: result.stderr.trim() });
  };
  if (files.length > 0) git('update-index', ['--add', '--', ...files]);
  if (removed.length > 0) git('rm', ['--cached', '--quiet', '--ignore-unmatch', '--', ...removed]);
}
