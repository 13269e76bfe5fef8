import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  aggregateUser,
  type Booted,
  clearUnstaged,
  enqueueFailure,
  flowForgeError,
  isFlowForgeError,
  readUnstaged,
  resolveUserId,
  toUtcInstant,
} from '@flowforge/core';
import { reasonOf } from '@flowforge/core/errors';
import { bootForCommand } from './boot.js';
import { yellow } from './output.js';
import { reportError } from './report-error.js';

/**
 * The pre-commit hook's full run: aggregate the committer's changed months and stage exactly the
 * team files it wrote or removed. A failure never blocks the commit unless `hook.failOnError`
 * is set (SPEC §8): it is queued for the daemon, `status` reports it, and no time is lost — the
 * private entries and their changed days stay until a later run succeeds.
 */
export async function runPreCommit(repoRoot: string): Promise<number> {
  let booted: Booted | undefined;
  let user = 'unknown';
  try {
    user = resolveUserId(repoRoot);
    booted = await bootForCommand({});
    // Files aggregated since the last commit (by hand or by the daemon) go with this one too.
    const waiting = await readUnstaged(repoRoot);
    await aggregateUser(booted, { repoRoot, user, trigger: 'pre-commit', all: false }, async ({ results }) => {
      stage(repoRoot, [...waiting.written, ...results.teamFiles.written], [...waiting.removed, ...results.teamFiles.removed]);
      await clearUnstaged(repoRoot);
    });
    return 0;
  } catch (thrown) {
    if (booted?.loaded.config.hook.failOnError) return reportError(thrown, false);
    const error = isFlowForgeError(thrown) ? thrown : flowForgeError('FF_INTERNAL', { reason: reasonOf(thrown) }, thrown);
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
 * Stages exactly these paths, never anything else in the tree. They are files, named one by one:
 * `git update-index --add` stages them as `git add` would, without matching each path as a pattern
 * against its whole folder (a year of revisions; ~1 ms a commit). A removed file may never have
 * been staged (written by `flowforge aggregate` and superseded before a commit), so removals go
 * through `git rm --cached --ignore-unmatch`.
 */
function stage(repoRoot: string, written: readonly string[], removed: readonly string[]): void {
  const git = (command: string, args: readonly string[]) => {
    const result = spawnSync('git', [command, ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw flowForgeError('FF_GIT_FAILED', { command: `git ${command}`, reason: result.stderr.trim() });
  };
  // A path noted earlier may since have been superseded and removed: only what exists is added.
  const present = written.filter((path) => existsSync(join(repoRoot, path)));
  if (present.length > 0) git('update-index', ['--add', '--', ...present]);
  if (removed.length > 0) git('rm', ['--cached', '--quiet', '--ignore-unmatch', '--', ...removed]);
}
