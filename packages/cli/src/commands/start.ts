import { printable, startTimer } from '@flowforge/core/lite';
import { issueFromBranch } from '../branch-issue.js';
import { human, localClock } from '../format-time.js';
import { checkedIssue, timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/**
 * `flowforge start [issue] [--note T] [--at TIME]` (and `switch`, which stops instead of pausing).
 * Without an issue, the branch name gives it, and the first line says so.
 */
export function timerStarter(previous: 'pause' | 'stop'): CommandAction {
  return async ([given], options, session) => {
    const context = await trackingContext(session, { brokenConfig: 'tolerate' });
    // The issue a branch names depends on the team's pattern: a config that cannot be read gives none.
    if (given === undefined && context.configError) throw context.configError;
    const fromBranch = given === undefined ? issueFromBranch(context, previous === 'stop' ? 'switch' : 'start') : null;
    const change = await startTimer(context, {
      issue: fromBranch?.issue ?? checkedIssue(given ?? ''),
      atMs: timeOption('--at', options.at, context),
      note: options.note as string | undefined,
      confirm: Boolean(options.confirm),
      previous,
    });
    for (const entry of change.filed) {
      const seconds = (Date.parse(entry.end) - Date.parse(entry.start)) / 1000;
      printLine(`${previous === 'stop' ? 'Stopped' : 'Paused'} ${entry.issue}: logged ${human(seconds)} (${entry.id})`);
    }
    const active = change.state.active;
    const picked = fromBranch ? ` (from branch ${printable(fromBranch.branch)})` : '';
    if (active) printLine(`Started ${active.issue}${picked} at ${localClock(active.since, context.zone)}${active.priorSeconds ? ` (${human(active.priorSeconds)} tracked before)` : ''}`);
    await warnIfConfigBroken(context, session);
  };
}

export default timerStarter('pause');
