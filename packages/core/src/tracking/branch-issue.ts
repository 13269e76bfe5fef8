/**
 * The issue a branch is about, from its name (`feature/123-login` → 123, `PROJ-42-fix` →
 * PROJ-42): what `flowforge start` takes when no issue is given, and what the `post-checkout`
 * hook follows with `tracking.followBranch`.
 */
import { builtin } from '../builtins.js';
import { ISSUE_PATTERN } from '../model/entry.js';

/**
 * Without `tracking.branchIssuePattern`: a tracker key such as `PROJ-42` wherever it is in the
 * name, else the first number that stands on its own between `/`, `-`, `_`, `#` or the ends. A key
 * first, so that `release2/PROJ-42` is PROJ-42, not 2; a number on its own, so that a version
 * (`release/2.3-rc`, `bump-lodash-4.17.21`) or a word (`oauth2-login`) never moves time to an
 * issue nobody meant.
 */
const DEFAULT_BRANCH_ISSUE_PATTERNS = [/[A-Z][A-Z0-9]+-\d+/, /(?<=^|[/_#-])\d+(?=$|[/_-])/];

/**
 * The issue in `branch`: the first capture group of `pattern` (a JavaScript regular expression)
 * if it has one, else the whole match; `null` when nothing matches or what matched is no issue key.
 */
export function issueOfBranch(branch: string, pattern?: string): string | null {
  const patterns = pattern === undefined ? DEFAULT_BRANCH_ISSUE_PATTERNS : [new RegExp(pattern)];
  for (const candidate of patterns) {
    const match = candidate.exec(branch);
    if (!match) continue;
    const issue = match[1] ?? match[0];
    return ISSUE_PATTERN.test(issue) ? issue : null;
  }
  return null;
}

/** The short name of the branch checked out in `repoRoot` (unborn or not), or `null` on a detached HEAD. */
export function currentBranch(repoRoot: string): string | null {
  const result = builtin.childProcess().spawnSync('git', ['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  const name = result.status === 0 ? result.stdout.trim() : '';
  return name === '' ? null : name;
}
