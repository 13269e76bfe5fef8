import { resumeTimer } from '@flowforge/core/lite';
import { localClock } from '../format-time.js';
import { checkedIssue, timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/** `flowforge resume [issue] [--at TIME]`: the most recently paused timer, or the one on `issue`. */
const resume: CommandAction = async ([issue], options, session) => {
  const context = await trackingContext(session, { brokenConfig: 'tolerate' });
  const change = await resumeTimer(context, {
    issue: issue === undefined ? undefined : checkedIssue(issue),
    atMs: timeOption('--at', options.at, context),
  });
  const active = change.state.active;
  if (active) printLine(`Resumed ${active.issue} at ${localClock(active.since, context.zone)}`);
  await warnIfConfigBroken(context, session);
};

export default resume;
