import { currentBranch, flowForgeError, issueOfBranch } from '@flowforge/core/lite';
import type { TrackingContext } from './tracking-context.js';

/**
 * The issue of the branch checked out, for `start` and `switch` without one, with the branch it
 * came from (to say so). No branch, or a name that holds no issue, is a usage error whose hint
 * says how to give one.
 */
export function issueFromBranch(context: Pick<TrackingContext, 'repoRoot' | 'tracking'>, command: string): { issue: string; branch: string } {
  const pattern = context.tracking.branchIssuePattern;
  const branch = currentBranch(context.repoRoot);
  const issue = branch === null ? null : issueOfBranch(branch, pattern);
  if (branch !== null && issue !== null) return { issue, branch };
  const how = pattern === undefined ? 'a key such as PROJ-42, else the first number on its own' : `tracking.branchIssuePattern ${JSON.stringify(pattern)}`;
  throw flowForgeError('FF_USAGE', {
    command,
    message: branch === null ? 'No issue given, and HEAD is detached: there is no branch name to take it from.' : `No issue given, and the branch name ${JSON.stringify(branch)} holds none (${how}).`,
    hint: `Give the issue (\`flowforge ${command} 123\`), or work on a branch named after it (feature/123-login, PROJ-42-fix); tracking.branchIssuePattern in the config sets how it is found (docs/tracking.md).`,
  });
}
