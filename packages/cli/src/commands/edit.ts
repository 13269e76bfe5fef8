import { editEntry, flowForgeError, type EntryPatch } from '@flowforge/core/lite';
import { human, localDateTime, localClock } from '../format-time.js';
import { checkedIssue, timeOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';
import { warnIfConfigBroken } from '../config-warning.js';

/** `flowforge edit <id> [--issue I] [--from TIME] [--to TIME] [--note T] [--billable yes|no]`. */
const edit: CommandAction = async ([id = ''], options, session) => {
  const context = await trackingContext(session, { brokenConfig: 'tolerate' });
  const current = await context.store.findEntry(id);
  if (!current) throw flowForgeError('FF_ENTRY_NOT_FOUND', { id });
  // HH:MM means that time on the entry's own day.
  const onEntryDay = { ...context, nowMs: Date.parse(current.start) };
  const patch: EntryPatch = {};
  if (options.issue !== undefined) patch.issue = checkedIssue(String(options.issue));
  const startMs = timeOption('--from', options.from, onEntryDay);
  const endMs = timeOption('--to', options.to, onEntryDay);
  if (startMs !== undefined) patch.startMs = startMs;
  if (endMs !== undefined) patch.endMs = endMs;
  if (options.note !== undefined) patch.note = String(options.note);
  if (options.billable !== undefined) patch.billable = yesNo(String(options.billable));
  if (Object.keys(patch).length === 0) throw flowForgeError('FF_USAGE', { command: 'edit', message: 'nothing to change: give --issue, --from, --to, --note or --billable' });
  const entry = await editEntry(context, id, patch);
  const seconds = (Date.parse(entry.end) - Date.parse(entry.start)) / 1000;
  const moved = entry.id === id ? '' : ` (moved to another day, now ${entry.id})`;
  printLine(`Updated ${id}${moved}: ${entry.issue} ${localDateTime(entry.start, context.zone)}–${localClock(entry.end, context.zone)} (${human(seconds)})`);
  await warnIfConfigBroken(context, session);
};

function yesNo(value: string): boolean {
  if (/^(yes|y|true|1)$/i.test(value)) return true;
  if (/^(no|n|false|0)$/i.test(value)) return false;
  throw flowForgeError('FF_USAGE', { command: 'edit', message: `--billable takes yes or no, not ${JSON.stringify(value)}` });
}

export default edit;
