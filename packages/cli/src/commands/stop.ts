import { stopTimer } from '@flowforge/core/lite';
import { human } from '../format-time.js';
import { timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';

/** `flowforge stop [--at TIME] [--confirm]`. */
const stop: CommandAction = async (_args, options, globals) => {
  const context = await trackingContext(globals);
  const before = await context.store.readTimer();
  const change = await stopTimer(context, { atMs: timeOption('--at', options.at, context), confirm: Boolean(options.confirm) });
  if (change.filed.length === 0) {
    printLine(`Stopped ${before.paused.at(-1)?.issue ?? ''} (it was paused; its time is logged)`);
    return;
  }
  const seconds = change.filed.reduce((sum, entry) => sum + (Date.parse(entry.end) - Date.parse(entry.start)) / 1000, 0);
  const total = (before.active?.priorSeconds ?? 0) + seconds;
  printLine(`Stopped ${change.filed[0]?.issue}: logged ${human(seconds)} (${change.filed.map((entry) => entry.id).join(', ')}), ${human(total)} on this timer`);
};

export default stop;
