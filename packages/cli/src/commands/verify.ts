import { appendFile } from 'node:fs/promises';
import { flowForgeError, isFlowForgeError, printable, type VerifyProblem, verifyTeamData } from '@flowforge/core/lite';
import { checkedConfig } from '../config-check.js';
import type { CommandAction } from '../main.js';
import { dim, printJson, printLine, red, yellow } from '../output.js';
import { annotation, configAnnotation, stepSummary } from '../verify/github-actions.js';
import { verdict } from '../verify/verdict.js';

const MARK = { error: (text: string) => red(text), warning: (text: string) => yellow(text), info: (text: string) => dim(text) };

/**
 * `flowforge verify [--ci] [--json]`: the integrity of the committed time data, from the work tree
 * alone — no config, no plugin, no zod. Exit 1 when any error is found (warnings and notes do not
 * fail). `--ci` first checks the team config as the pre-commit hook loads it, plugins and their
 * options included (exit 2 when it would fail there: CI must not stay green while every commit's
 * hook fails), reading it without writing a cache into the checkout; under GitHub Actions each
 * problem is also an annotation on its file and the step summary gets a table.
 */
const verify: CommandAction = async (args, options, session) => {
  if (options.org !== undefined) return (await import('../org/org-verify.js')).default(args, options, session);
  for (const flag of ['offline', 'strict'] as const)
    if (options[flag] !== undefined) throw flowForgeError('FF_USAGE', { command: 'verify', message: `--${flag} goes with --org (an organisation's repositories); this clone's verify reads its own work tree` });
  const { repoRoot, cwd } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd });
  const actions = Boolean(options.ci) && process.env.GITHUB_ACTIONS === 'true';
  if (options.ci) await checkedConfig(session, { readOnly: true }).catch((thrown: unknown) => {
    if (actions && isFlowForgeError(thrown)) printLine(configAnnotation(thrown));
    throw thrown;
  });
  const report = await verifyTeamData(repoRoot);
  if (options.json) printJson(report);
  else {
    for (const problem of report.problems) printLine(actions ? annotation(problem) : line(problem));
    printLine(verdict(report));
  }
  if (actions && process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, stepSummary(report));
  return report.ok ? 0 : 1;
};

/** A problem on a line of its own, whatever the file's name holds (`printable`). */
function line({ severity, file, message }: VerifyProblem): string {
  return `${MARK[severity](severity.padEnd(7))}  ${printable(file)}: ${printable(message)}`;
}

export default verify;
