import { startTimer } from '@flowforge/core/lite';
import { human, localClock } from '../format-time.js';
import { checkedIssue, timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/** `flowforge start <issue> [--note T] [--at TIME]` (and `switch`, which stops instead of pausing). */
export function timerStarter(previous: 'pause' | 'stop'): CommandAction {
  return async ([issue = ''], options, session) => {
    const context = await trackingContext(session, { brokenConfig: 'tolerate' });
    const change = await startTimer(context, {
      issue: checkedIssue(issue),
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
    if (active) printLine(`Started ${active.issue} at ${localClock(active.since, context.zone)}${active.priorSeconds ? ` (${human(active.priorSeconds)} tracked before)` : ''}`);
    await warnIfConfigBroken(context, session);
  };
}

export default timerStarter('pause');
