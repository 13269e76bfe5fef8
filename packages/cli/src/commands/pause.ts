import { pauseTimer } from '@flowforge/core/lite';
import { human } from '../format-time.js';
import { timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/** `flowforge pause [--reason T] [--at TIME]`. */
const pause: CommandAction = async (_args, options, session) => {
  const context = await trackingContext(session, { brokenConfig: 'tolerate' });
  const change = await pauseTimer(context, {
    atMs: timeOption('--at', options.at, context),
    reason: options.reason as string | undefined,
    confirm: Boolean(options.confirm),
  });
  const paused = change.state.paused.at(-1);
  for (const entry of change.filed) printLine(`Paused ${entry.issue}: logged ${entry.id}, ${human(paused?.seconds ?? 0)} on this timer so far`);
  await warnIfConfigBroken(context, session);
};

export default pause;
