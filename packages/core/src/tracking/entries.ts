import { flowForgeError } from '../errors.js';
import { isSupportedInstant } from '../time/supported-range.js';
import type { TimeEntry } from '../model/entry.js';
import { utcDayOf } from '../store/user-store.js';
import { assertNoOverlap, fileStretches, type Stretch, toUtcInstant } from './entry-writer.js';
import { freeSlot } from './free-slot.js';
import type { TimerContext } from './timer.js';

export type EntryPatch = Partial<Pick<Stretch, 'issue' | 'startMs' | 'endMs' | 'billable' | 'note'>>;

/** `flowforge add`: a manual entry, refused if it overlaps anything already tracked. */
export function addEntry(context: TimerContext, stretch: Omit<Stretch, 'id'>): Promise<TimeEntry[]> {
  return context.store.locked(async () => {
    checkRange(stretch.startMs, stretch.endMs, context.nowMs);
    const timer = await context.store.readTimer();
    await assertNoOverlap(context.store, stretch.startMs, stretch.endMs, timer, context.nowMs);
    return fileStretches(context.store, [stretch], context.nowMs, timer);
  });
}

/**
 * `flowforge add --duration`: a manual entry of `seconds` in the first free slot of local day
 * `day`. The slot is found under the lock, so concurrent adds each get their own.
 */
export function addEntryOfDuration(
  context: TimerContext & { zone: string },
  request: Omit<Stretch, 'id' | 'startMs' | 'endMs'> & { day: string; seconds: number },
): Promise<TimeEntry[]> {
  const { day, seconds, ...stretch } = request;
  return context.store.locked(async () => {
    const timer = await context.store.readTimer();
    const slot = await freeSlot(context.store, timer, { day, seconds, zone: context.zone, nowMs: context.nowMs });
    checkRange(slot.startMs, slot.endMs, context.nowMs);
    return fileStretches(context.store, [{ ...stretch, ...slot }], context.nowMs, timer);
  });
}

/**
 * `flowforge edit`: the new version is appended with the previous one beside it. An entry whose
 * start moves to another UTC day moves to that day's log and gets an id of that day.
 */
export function editEntry(context: TimerContext, id: string, patch: EntryPatch): Promise<TimeEntry> {
  return context.store.locked(async () => {
    const previous = await context.store.findEntry(id);
    if (!previous) throw flowForgeError('FF_ENTRY_NOT_FOUND', { id });
    const startMs = patch.startMs ?? Date.parse(previous.start);
    const endMs = patch.endMs ?? Date.parse(previous.end);
    checkRange(startMs, endMs, context.nowMs);
    if (endMs - startMs > 86_400_000) throw flowForgeError('FF_BAD_RANGE', { start: toUtcInstant(startMs), end: `${toUtcInstant(endMs)} (more than 24 h: add the rest as another entry)` });
    const timer = await context.store.readTimer();
    await assertNoOverlap(context.store, startMs, endMs, timer, context.nowMs, id);
    const note = patch.note ?? previous.note;
    const fromDay = utcDayOf(previous.start);
    const toDay = utcDayOf(startMs);
    const entry: TimeEntry = {
      id: fromDay === toDay ? id : await context.store.newEntryId(toDay),
      issue: patch.issue ?? previous.issue,
      start: toUtcInstant(startMs),
      end: toUtcInstant(endMs),
      billable: patch.billable ?? previous.billable,
      ...(note ? { note } : {}),
      // Kept out of aggregation stays kept out: its time is billed elsewhere (docs/plugins.md).
      ...(previous.source ? { source: previous.source } : {}),
    };
    const at = toUtcInstant(context.nowMs);
    if (fromDay === toDay) await context.store.append(fromDay, [{ v: 1, op: 'edit', at, entry, previous }]);
    else
      await context.store.moveEntry({
        from: fromDay,
        to: toDay,
        add: { v: 1, op: 'add', at, entry, movedFrom: id },
        remove: { v: 1, op: 'rm', at, id, previous, movedTo: entry.id },
      });
    return entry;
  });
}

/** `flowforge rm`: a removal record that keeps the removed version. */
export function removeEntry(context: TimerContext, id: string): Promise<TimeEntry> {
  return context.store.locked(async () => {
    const previous = await context.store.findEntry(id);
    if (!previous) throw flowForgeError('FF_ENTRY_NOT_FOUND', { id });
    await context.store.append(utcDayOf(previous.start), [{ v: 1, op: 'rm', at: toUtcInstant(context.nowMs), id, previous }]);
    return previous;
  });
}

function checkRange(startMs: number, endMs: number, nowMs: number): void {
  for (const [option, ms] of [['the start', startMs], ['the end', endMs]] as const)
    if (!isSupportedInstant(ms)) throw flowForgeError('FF_OUT_OF_RANGE', { option, value: new Date(ms).toISOString() });
  if (endMs <= startMs) throw flowForgeError('FF_BAD_RANGE', { start: toUtcInstant(startMs), end: toUtcInstant(endMs) });
  if (endMs > nowMs) throw flowForgeError('FF_IN_FUTURE', { option: 'the end', value: toUtcInstant(endMs) });
}
