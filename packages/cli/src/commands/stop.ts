import { stopTimer } from '@flowforge/core/lite';
import { human } from '../format-time.js';
import { timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/** `flowforge stop [--at TIME] [--confirm]`. */
const stop: CommandAction = async (_args, options, session) => {
  const context = await trackingContext(session, { brokenConfig: 'tolerate' });
  const { filed, stopped } = await stopTimer(context, { atMs: timeOption('--at', options.at, context), confirm: Boolean(options.confirm) });
  if (stopped && filed.length === 0) printLine(`Stopped ${stopped.issue} (it was paused; its ${human(stopped.totalSeconds)} are logged)`);
  else if (stopped) {
    const seconds = filed.reduce((sum, entry) => sum + (Date.parse(entry.end) - Date.parse(entry.start)) / 1000, 0);
    printLine(`Stopped ${stopped.issue}: logged ${human(seconds)} (${filed.map((entry) => entry.id).join(', ')}), ${human(stopped.totalSeconds)} on this timer`);
  }
  await warnIfConfigBroken(context, session);
};

export default stop;
