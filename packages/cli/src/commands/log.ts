import { addDays, clipEntries, flowForgeError, localDay, localDaysSpan, resolvePeriod } from '@flowforge/core/lite';
import { human, localDateTime, localClock } from '../format-time.js';
import { dayOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { columns, dim, printJson, printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';

/**
 * `flowforge log [--period P | --from D --to D] [--json]`: your entries on those local days
 * (default: the last seven), clipped to them, with the ids `edit` and `rm` take.
 */
const log: CommandAction = async (_args, options, session) => {
  const context = await trackingContext(session);
  const today = localDay(context.nowMs, context.zone);
  const { from, to } = logRange(options, today);
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

/** `--period P` (`last-week`, `2026-11`, … in your zone), or `--from D` and `--to D` (default: the last seven days). */
function logRange(options: Record<string, unknown>, today: string): { from: string; to: string } {
  if (options.period !== undefined) {
    if (options.from !== undefined || options.to !== undefined) throw flowForgeError('FF_USAGE', { command: 'log', message: 'give --period or --from/--to, not both' });
    const period = resolvePeriod(String(options.period), () => today);
    if (!period) throw flowForgeError('FF_BAD_PERIOD', { value: String(options.period) });
    return { from: period.from, to: period.to };
  }
  const to = dayOption('--to', options.to) ?? today;
  return { from: dayOption('--from', options.from) ?? addDays(to, -6), to };
}

export default log;
