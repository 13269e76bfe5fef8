import { aggregateUser, flowForgeError, parseTeamFilePath, resolveUserId } from '@flowforge/core/internal';
import { bootForCommand } from '../boot.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';

/**
 * `flowforge aggregate [--all]`: what the pre-commit hook does, by hand. It stages nothing: the
 * files it writes are staged by the hook of your next commit.
 */
const aggregate: CommandAction = async (_args, options, session) => {
  const { repoRoot } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: session.cwd });
  const user = resolveUserId(repoRoot);
  const booted = await bootForCommand(session);
  const { teamFiles: changes, collection } = await aggregateUser(booted, { repoRoot, user, trigger: 'manual', all: Boolean(options.all) });
  const { written, removed } = changes;
  const teamFiles = written.filter((path) => parseTeamFilePath(path) !== null);
  const months = [...collection.shards.keys()];
  if (months.length === 0 && written.length === 0) return printLine(`Nothing to aggregate for ${user}: no change since the last run.`);
  if (months.length > 0) printLine(`Aggregated ${user} for ${months.join(', ')}: ${teamFiles.length} team file(s) written.`);
  for (const path of written) printLine(`  + ${path}`);
  for (const path of removed) printLine(`  - ${path}`);
  if (written.length + removed.length > 0) printLine('They go with your next commit (the pre-commit hook stages them), or commit them now.');
};

export default aggregate;
