import { missingFromTeamLayer } from '@flowforge/core/drift';
import { buildStatus, isoWeekStart, localDay, localDaysSpan, queuedNames } from '@flowforge/core/lite';
import { printConfigWarning } from '../config-warning.js';
import { human, localClock } from '../format-time.js';
import type { CommandAction } from '../main.js';
import { printJson, printLine, yellow } from '../output.js';
import { configProblem, trackingContext } from '../tracking-context.js';

/**
 * `flowforge status [--json]`: timers, today's and this week's totals, the hook's queue, time this
 * checkout's team files lack, warnings.
 */
const status: CommandAction = async (_args, options, session) => {
  const context = await trackingContext(session, { brokenConfig: 'tolerate' });
  const problem = await configProblem(context, session);
  const today = localDay(context.nowMs, context.zone);
  const week = localDaysSpan(isoWeekStart(today), today, context.zone);
  const [timer, entries] = await Promise.all([context.store.readTimer(), context.store.entriesBetween(week.fromMs, week.toMs)]);
  // Failed hook runs waiting for the daemon: one file each in the queue folder.
  const pending = queuedNames(context.repoRoot).length;
  const missingSeconds = await missingFromTeamLayer(context.repoRoot, context.store);
  const view = buildStatus({ ...context, timer, entries, pending, missingSeconds });
  if (problem) view.warnings.push({ code: 'config-broken', message: `${problem.code} ${problem.message} ${problem.hint}` });
  if (problem) printConfigWarning(problem, `The team config is broken: the pre-commit hook will fail until it is fixed${context.configError ? '; this status uses its defaults' : ''}.`);
  if (options.json) return printJson(view);
  if (view.active) printLine(`▶ ${view.active.issue} running since ${localClock(view.active.since, context.zone)} (${human(view.active.seconds)})`);
  else printLine('No timer running.');
  for (const paused of view.paused) printLine(`⏸ ${paused.issue} paused (${human(paused.seconds)} so far)`);
  printLine(`Today ${human(view.today.seconds)} · this week ${human(view.week.seconds)} (${context.zone})`);
  for (const warning of view.warnings) if (warning.code !== 'config-broken') printLine(yellow(`! ${warning.message}`));
};

export default status;
