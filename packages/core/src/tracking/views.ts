import type { TimeEntry } from '../model/entry.js';
import type { TimerState } from '../model/timer.js';
import { addDays, epochDayOf } from '../time/calendar.js';
import { formatDuration } from '../time/duration.js';
import { localDay, startOfLocalDay } from '../time/local-day.js';
import { toUtcInstant } from './entry-writer.js';

/** Seconds of [startMs, endMs) that fall inside [fromMs, toMs). */
export function overlapSeconds(startMs: number, endMs: number, fromMs: number, toMs: number): number {
  return Math.max(0, Math.min(endMs, toMs) - Math.max(startMs, fromMs)) / 1000;
}

/** The instants [from, to) that local days `fromDay`..`toDay` (inclusive) cover in `zone`. */
export function localDaysSpan(fromDay: string, toDay: string, zone: string): { fromMs: number; toMs: number } {
  return { fromMs: startOfLocalDay(fromDay, zone), toMs: startOfLocalDay(addDays(toDay, 1), zone) };
}

/** The Monday of the ISO week that holds `day`. */
export function isoWeekStart(day: string): string {
  // 1970-01-01 was a Thursday: +3 makes Monday 0.
  return addDays(day, -((epochDayOf(day) + 3) % 7));
}

export interface StatusWarning {
  code: 'stale-timer' | 'queue-pending' | 'team-drift';
  message: string;
}

/** `flowforge status --json`, schema `flowforge.status/1` (docs/reports.md). */
export interface StatusView {
  schema: 'flowforge.status/1';
  user: string;
  active: { issue: string; since: string; seconds: number } | null;
  paused: { issue: string; seconds: number }[];
  today: { seconds: number };
  week: { seconds: number };
  queue: { pending: number };
  /** Seconds of the user's time (this clone's) that this checkout's team files lack (`missingFromTeamLayer`). */
  team: { missingSeconds: number };
  warnings: StatusWarning[];
}

/**
 * Totals of today and this ISO week in the user's zone, with the running stretch counted up to
 * now — what a developer expects to see while the clock runs.
 */
export function buildStatus(input: {
  user: string;
  timer: TimerState;
  /** Filed entries overlapping this ISO week. */
  entries: readonly TimeEntry[];
  nowMs: number;
  zone: string;
  staleTimerHours: number;
  pending: number;
  missingSeconds: number;
}): StatusView {
  const { timer, nowMs, zone } = input;
  const today = localDay(nowMs, zone);
  const day = localDaysSpan(today, today, zone);
  const week = { fromMs: startOfLocalDay(isoWeekStart(today), zone), toMs: day.toMs };
  const stretches = input.entries.map((entry) => [Date.parse(entry.start), Date.parse(entry.end)] as const);
  if (timer.active) stretches.push([Date.parse(timer.active.since), nowMs]);
  const total = (span: { fromMs: number; toMs: number }) =>
    Math.round(stretches.reduce((sum, [start, end]) => sum + overlapSeconds(start, end, span.fromMs, span.toMs), 0));

  const warnings: StatusWarning[] = [];
  const activeSeconds = timer.active ? Math.round((nowMs - Date.parse(timer.active.since)) / 1000) : 0;
  if (timer.active && activeSeconds > input.staleTimerHours * 3600) {
    warnings.push({
      code: 'stale-timer',
      message: `The timer on ${timer.active.issue} has run for more than ${input.staleTimerHours} h. It is not billed until you confirm it (\`flowforge stop --confirm\`) or trim it (\`flowforge stop --at HH:MM\`).`,
    });
  }
  if (input.pending > 0) {
    warnings.push({
      code: 'queue-pending',
      message: `${input.pending} aggregation(s) failed in the git hook and wait in the queue; run \`flowforge aggregate\` to retry now.`,
    });
  }
  if (input.missingSeconds > 0) {
    warnings.push({
      code: 'team-drift',
      message: `${formatDuration(input.missingSeconds)} of your time is not in this checkout's team files: commit, or run \`flowforge aggregate\`.`,
    });
  }
  return {
    schema: 'flowforge.status/1',
    user: input.user,
    active: timer.active ? { issue: timer.active.issue, since: timer.active.since, seconds: activeSeconds } : null,
    paused: timer.paused.map(({ issue, seconds }) => ({ issue, seconds })),
    today: { seconds: total(day) },
    week: { seconds: total(week) },
    queue: { pending: input.pending },
    team: { missingSeconds: input.missingSeconds },
    warnings,
  };
}

/** One entry of `flowforge log --json` (schema `flowforge.log/1`), clipped to the days asked for. */
export interface LogEntryView {
  id: string;
  issue: string;
  start: string;
  end: string;
  seconds: number;
  billable: boolean;
  note?: string;
}

export function clipEntries(entries: readonly TimeEntry[], fromMs: number, toMs: number): LogEntryView[] {
  return entries.flatMap((entry) => {
    const [entryStartMs, entryEndMs] = [Date.parse(entry.start), Date.parse(entry.end)];
    const startMs = Math.max(entryStartMs, fromMs);
    const endMs = Math.min(entryEndMs, toMs);
    if (endMs <= startMs) return [];
    const clipped: LogEntryView = {
      id: entry.id,
      issue: entry.issue,
      // Stored instants are already whole-second UTC: only a clipped end is written anew.
      start: startMs === entryStartMs ? entry.start : toUtcInstant(startMs),
      end: endMs === entryEndMs ? entry.end : toUtcInstant(endMs),
      seconds: (endMs - startMs) / 1000,
      billable: entry.billable,
    };
    if (entry.note !== undefined) clipped.note = entry.note;
    return [clipped];
  });
}
