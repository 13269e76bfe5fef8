import { spawnSync } from 'node:child_process';
import {
  aggregateUser,
  type Booted,
  enqueueFailure,
  flowForgeError,
  isFlowForgeError,
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
    const { results } = await aggregateUser(booted, { repoRoot, user, trigger: 'pre-commit', all: false });
    stage(repoRoot, [...results.teamFiles.written, ...results.teamFiles.removed]);
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

/** `git add` of exactly these paths (removals included), never anything else in the tree. */
function stage(repoRoot: string, paths: readonly string[]): void {
  if (paths.length === 0) return;
  const result = spawnSync('git', ['add', '--all', '--', ...paths], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw flowForgeError('FF_GIT_FAILED', { command: 'git add', reason: result.stderr.trim() });
}
