import { removeEntry } from '@flowforge/core/lite';
import { human, localDateTime } from '../format-time.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/** `flowforge rm <id>`: the entry stops counting; the log keeps the removed version. */
const rm: CommandAction = async ([id = ''], _options, session) => {
  const context = await trackingContext(session, { brokenConfig: 'tolerate' });
  const entry = await removeEntry(context, id);
  const seconds = (Date.parse(entry.end) - Date.parse(entry.start)) / 1000;
  printLine(`Removed ${id}: ${entry.issue} ${localDateTime(entry.start, context.zone)} (${human(seconds)}); the daily log keeps it for the record`);
  await warnIfConfigBroken(context, session);
};

export default rm;
