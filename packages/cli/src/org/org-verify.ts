import { loadOrgFile, printable, RECOVERY_DIR, TEAM_DIR, VERIFY_SCHEMA, type VerifyProblem, type VerifyReport, verifyFoundFiles } from '@flowforge/core/internal';
import type { CommandAction } from '../main.js';
import { dim, printJson, printLine, red, yellow } from '../output.js';
import { verdict } from '../verify/verdict.js';
import { forEachRepo } from './each-repo.js';
import { fetchMissingBlobs, listTree, readEntries } from './git-objects.js';
import { bareRepoOf } from './repo-cache.js';

const MARK = { error: (text: string) => red(text), warning: (text: string) => yellow(text), info: (text: string) => dim(text) };

/**
 * `flowforge verify --org [FILE]`: the checks of `flowforge verify` — schemas, the hash in each
 * name, audit chains, privacy — over the committed team data of every repository of an org file,
 * read from the caches' git objects. A problem's file is `<repo>:<path>`. A repository that could
 * not be fetched is a warning (an error with `--strict`, or when none could be checked); exit 1
 * when any error is found.
 */
const orgVerify: CommandAction = async (_args, options, session) => {
  const org = await loadOrgFile(session.cwd, typeof options.org === 'string' ? options.org : undefined);
  const problems: VerifyProblem[] = [];
  let files = 0;
  const outcomes = await forEachRepo(org, { offline: Boolean(options.offline) }, async (repo, cacheDir, commit) => {
    const bare = bareRepoOf(cacheDir);
    const entries = await listTree(bare, commit, [TEAM_DIR, RECOVERY_DIR]);
    await fetchMissingBlobs(bare, commit, entries.map((entry) => entry.oid));
    const read = await readEntries(bare, entries);
    const report = verifyFoundFiles(entries.map((entry) => ({ path: entry.path, found: read.get(entry.path) ?? { missing: true } })));
    files += report.files;
    problems.push(...report.problems.map((problem) => ({ ...problem, file: `${repo.name}:${problem.file}` })));
  });
  // With no repository checked at all, nothing is verified: that is an error even without --strict.
  const noneChecked = outcomes.every((outcome) => outcome.status === 'unreachable');
  for (const outcome of outcomes)
    if (outcome.status === 'stale' || outcome.status === 'unreachable')
      problems.push({
        file: outcome.repo,
        severity: options.strict || noneChecked ? 'error' : 'warning',
        message: `could not be fetched (${outcome.reason ?? 'unknown reason'}): ${outcome.status === 'stale' ? `checked as cached at ${outcome.commit?.slice(0, 12) ?? ''}` : 'not checked'}`,
      });
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const report: VerifyReport & { repos: typeof outcomes } = { schema: VERIFY_SCHEMA, ok: !problems.some((problem) => problem.severity === 'error'), files, problems, repos: outcomes };
  if (options.json) printJson(report);
  else {
    for (const { severity, file, message } of problems) printLine(`${MARK[severity](severity.padEnd(7))}  ${printable(file)}: ${printable(message)}`);
    printLine(verdict(report).replace('under .flowforge/', `under .flowforge/ of ${outcomes.length} repositories`));
  }
  return report.ok ? 0 : 1;
};

export default orgVerify;
