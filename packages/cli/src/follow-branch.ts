import { currentBranch, issueOfBranch, printable, resolveUserId, startTimer, UserStore } from '@flowforge/core/lite';
import { human } from './format-time.js';
import { asFlowForgeError } from './report-error.js';
import { trackingContext } from './tracking-context.js';
import { yellow } from './output.js';

/** The line of `.husky/post-checkout` that runs this: git passes the previous HEAD, the new HEAD and the flag. */
export const POST_CHECKOUT_LINE = 'flowforge hook post-checkout "$@"';

/**
 * `flowforge hook post-checkout <previous HEAD> <new HEAD> <flag>` with `tracking.followBranch`:
 * after a branch checkout (flag 1; a file checkout is 0), a running timer moves to the new
 * branch's issue as `flowforge switch` would move it. It never starts a timer that was not running,
 * and it never fails the checkout: whatever goes wrong is said, and the timer stays as it was.
 */
export async function followBranch(repoRoot: string, [, , flag]: readonly string[]): Promise<void> {
  if (flag !== '1') return;
  let user: string;
  try {
    user = resolveUserId(repoRoot);
  } catch {
    return; // no user id, so no timer: the commands that track time say how to set one
  }
  let running: string | undefined;
  try {
    // What is running, before any config is loaded: with no running timer there is nothing to do.
    running = (await UserStore.forRepo(repoRoot, user).readTimer()).active?.issue;
    if (running === undefined) return;
    // Plugins play no part in moving a timer; a config the hook would refuse is for `status` to report.
    const context = await trackingContext({ cwd: repoRoot, repoRoot }, { brokenConfig: 'tolerate' });
    if (!context.tracking.followBranch) return;
    const branch = currentBranch(repoRoot);
    const issue = branch === null ? null : issueOfBranch(branch, context.tracking.branchIssuePattern);
    if (branch === null || issue === running) return;
    if (issue === null) {
      process.stdout.write(`flowforge: the branch ${printable(branch)} names no issue; the timer on ${running} keeps running.\n`);
      return;
    }
    const change = await startTimer(context, { issue, previous: 'stop', replacing: running });
    if (change.state.active?.issue !== issue) return; // stopped or switched by another process meanwhile
    const logged = change.filed.reduce((sum, entry) => sum + (Date.parse(entry.end) - Date.parse(entry.start)) / 1000, 0);
    process.stdout.write(`flowforge: on branch ${printable(branch)}: stopped ${running} (logged ${human(logged)}), started ${issue}.\n`);
  } catch (thrown) {
    const error = asFlowForgeError(thrown);
    if (error.code === 'FF_START_BEFORE_RUNNING') {
      // Two checkouts within a second: the running timer began this very second, no later start fits.
      process.stdout.write(`flowforge: the timer on ${running} started this very second and keeps running; \`flowforge switch\` moves it to this branch's issue.\n`);
      return;
    }
    const err = process.stderr;
    const kept = running === undefined ? '' : ` The timer on ${running} is unchanged.`;
    err.write(`${yellow('flowforge: the timer did not follow the branch.', err)}${kept}\n${error.code} ${error.message}\nhint: ${error.hint}\n`);
  }
}
