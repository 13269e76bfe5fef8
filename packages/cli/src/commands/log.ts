import { addDays, clipEntries, localDay, localDaysSpan } from '@flowforge/core/lite';
import { human, localDateTime, localClock } from '../format-time.js';
import { dayOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { columns, dim, printJson, printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';

/**
 * `flowforge log [--from D] [--to D] [--json]`: your entries on those local days (default: the
 * last seven), clipped to them, with the ids `edit` and `rm` take.
 */
const log: CommandAction = async (_args, options, session) => {
  const context = await trackingContext(session);
  const today = localDay(context.nowMs, context.zone);
  const to = dayOption('--to', options.to) ?? today;
  const from = dayOption('--from', options.from) ?? addDays(to, -6);
  const span = localDaysSpan(from, to, context.zone);
  const entries = clipEntries(await context.store.entriesBetween(span.fromMs, span.toMs), span.fromMs, span.toMs);
  if (options.json) return printJson({ schema: 'flowforge.log/1', user: context.user, entries });
  if (entries.length === 0) return printLine(dim(`No entries from ${from} to ${to}.`));
  const rows = entries.map((entry) => [
    entry.id,
    `${localDateTime(entry.start, context.zone)}–${localClock(entry.end, context.zone)}`,
    human(entry.seconds),
    entry.issue,
    entry.billable ? '' : 'non-billable',
    entry.note ?? '',
  ]);
  // One write for the table: a year is a thousand lines.
  printLine(columns([['id', 'when', 'time', 'issue', '', 'note'], ...rows]).join('\n'));
  printLine(dim(`total ${human(entries.reduce((sum, entry) => sum + entry.seconds, 0))} from ${from} to ${to} (${context.zone})`));
};

export default log;
