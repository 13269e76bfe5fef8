import { aggregateUser, findRepoRoot, flowForgeError, resolveUserId } from '@flowforge/core';
import { bootForCommand } from '../boot.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';

/** `flowforge aggregate [--all]`: what the pre-commit hook does, by hand, without staging. */
const aggregate: CommandAction = async (_args, options, globals) => {
  const repoRoot = findRepoRoot(process.cwd());
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: process.cwd() });
  const user = resolveUserId(repoRoot);
  const booted = await bootForCommand(globals);
  const { results, collection } = await aggregateUser(booted, { repoRoot, user, trigger: 'manual', all: Boolean(options.all) });
  const { written, removed } = results.teamFiles;
  const months = [...collection.shards.keys()];
  if (months.length === 0) return printLine(`Nothing to aggregate for ${user}: no change since the last run.`);
  printLine(`Aggregated ${user} for ${months.join(', ')}: ${written.length} team file(s) written, ${removed.length} replaced.`);
  for (const path of written) printLine(`  + ${path}`);
};

export default aggregate;
