import { addEntry, addEntryOfDuration, flowForgeError, localDay, startOfLocalDay, type TimeEntry } from '@flowforge/core/lite';
import { human, localDateTime, localClock } from '../format-time.js';
import { checkedIssue, dayOption, durationOption, timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { type TrackingContext, trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/** `flowforge add <issue> (--from TIME --to TIME | --duration D [--date D]) [--note T] [--non-billable]`. */
const add: CommandAction = async ([issue = ''], options, session) => {
  const hasRange = options.from !== undefined || options.to !== undefined;
  if (hasRange === (options.duration !== undefined)) {
    throw flowForgeError('FF_USAGE', { command: 'add', message: 'give either --from and --to, or --duration' });
  }
  if (hasRange && (options.from === undefined || options.to === undefined)) {
    throw flowForgeError('FF_USAGE', { command: 'add', message: '--from and --to go together' });
  }
  const context = await trackingContext(session, { brokenConfig: 'tolerate' });
  const date = dayOption('--date', options.date) ?? localDay(context.nowMs, context.zone);
  // HH:MM means that time on --date (default today), in the user's zone.
  const onDate = { ...context, nowMs: Math.min(startOfLocalDay(date, context.zone), context.nowMs) };
  const details = { issue: checkedIssue(issue), billable: !options.nonBillable, ...(options.note ? { note: String(options.note) } : {}) };
  const filed = hasRange
    ? await addEntry(context, { ...details, startMs: timeOption('--from', options.from, onDate) as number, endMs: timeOption('--to', options.to, onDate) as number })
    : await addEntryOfDuration(context, { ...details, day: date, seconds: durationOption(options.duration) as number });
  for (const entry of filed) printLine(`Added ${entry.id}: ${describe(entry, context)}`);
  await warnIfConfigBroken(context, session);
};

function describe(entry: TimeEntry, context: TrackingContext): string {
  const seconds = (Date.parse(entry.end) - Date.parse(entry.start)) / 1000;
  return `${entry.issue} ${localDateTime(entry.start, context.zone)}–${localClock(entry.end, context.zone)} (${human(seconds)}${entry.billable ? '' : ', non-billable'})`;
}

export default add;
