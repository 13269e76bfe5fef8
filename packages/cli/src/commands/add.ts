import { addEntry, flowForgeError, localDay, localDaysSpan, startOfLocalDay, type TimeEntry } from '@flowforge/core/lite';
import { human, localDateTime, localClock } from '../format-time.js';
import { checkedIssue, dayOption, durationOption, timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { type TrackingContext, trackingContext } from '../tracking-context.js';

/** Where a `--duration` entry goes when nobody said when: from 09:00, after what is already there. */
const DEFAULT_START_HOUR = 9;

/** `flowforge add <issue> (--from TIME --to TIME | --duration D [--date D]) [--note T] [--non-billable]`. */
const add: CommandAction = async ([issue = ''], options, globals) => {
  const hasRange = options.from !== undefined || options.to !== undefined;
  if (hasRange === (options.duration !== undefined)) {
    throw flowForgeError('FF_USAGE', { command: 'add', message: 'give either --from and --to, or --duration' });
  }
  if (hasRange && (options.from === undefined || options.to === undefined)) {
    throw flowForgeError('FF_USAGE', { command: 'add', message: '--from and --to go together' });
  }
  const context = await trackingContext(globals);
  const date = dayOption('--date', options.date) ?? localDay(context.nowMs, context.zone);
  // HH:MM means that time on --date (default today), in the user's zone.
  const onDate = { ...context, nowMs: Math.min(startOfLocalDay(date, context.zone), context.nowMs) };
  const range = hasRange
    ? { startMs: timeOption('--from', options.from, onDate) as number, endMs: timeOption('--to', options.to, onDate) as number }
    : await freeSlot(context, date, durationOption(options.duration) as number);
  const filed = await addEntry(context, {
    issue: checkedIssue(issue),
    ...range,
    billable: !options.nonBillable,
    ...(options.note ? { note: String(options.note) } : {}),
  });
  for (const entry of filed) printLine(`Added ${entry.id}: ${describe(entry, context)}`);
};

function describe(entry: TimeEntry, context: TrackingContext): string {
  const seconds = (Date.parse(entry.end) - Date.parse(entry.start)) / 1000;
  return `${entry.issue} ${localDateTime(entry.start, context.zone)}–${localClock(entry.end, context.zone)} (${human(seconds)}${entry.billable ? '' : ', non-billable'})`;
}

/**
 * The first gap of `seconds` on local day `date`, from 09:00 (or the day's start when the
 * morning is full), that ends by now: a duration-only entry never overlaps tracked time.
 */
async function freeSlot(context: TrackingContext, date: string, seconds: number): Promise<{ startMs: number; endMs: number }> {
  const day = localDaysSpan(date, date, context.zone);
  const limit = Math.min(day.toMs, context.nowMs);
  const taken = (await context.store.entriesBetween(day.fromMs, day.toMs)).map((entry) => [Date.parse(entry.start), Date.parse(entry.end)]);
  const timer = await context.store.readTimer();
  if (timer.active) taken.push([Date.parse(timer.active.since), context.nowMs]);
  taken.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  const morning = day.fromMs + DEFAULT_START_HOUR * 3_600_000;
  for (const earliest of [morning, day.fromMs]) {
    let startMs = earliest;
    for (const [from = 0, to = 0] of taken) {
      if (from - startMs >= seconds * 1000) break;
      if (to > startMs) startMs = to;
    }
    if (startMs + seconds * 1000 <= limit) return { startMs, endMs: startMs + seconds * 1000 };
  }
  throw flowForgeError('FF_USAGE', {
    command: 'add',
    message: `${date} has no free ${human(seconds)} before ${limit === context.nowMs ? 'now' : 'its end'}`,
  });
}

export default add;
