import { flowForgeError } from '../errors.js';
import { isSupportedInstant } from '../time/supported-range.js';
import type { TimeEntry } from '../model/entry.js';
import type { ActiveTimer, PausedTimer, TimerState } from '../model/timer.js';
import { type UserStore, utcDayOf } from '../store/user-store.js';
import { assertNoOverlap, fileStretches, toUtcInstant } from './entry-writer.js';

/** What every timer command needs: the store, "now", and the team's stale-timer limit. */
export interface TimerContext {
  store: UserStore;
  nowMs: number;
  staleTimerHours: number;
}

export interface TimerChange {
  state: TimerState;
  /** Entries filed by this change (the stretch a pause or stop closed). */
  filed: TimeEntry[];
  /** The issue that was paused to make way, when `start` paused another timer. */
  autoPaused?: string;
  /** What `stop` ended: the issue and all the time tracked on that timer. */
  stopped?: { issue: string; totalSeconds: number };
}

interface CloseOptions {
  atMs?: number | undefined;
  /** Bill a stale stretch as it is; without it, a stale timer must be trimmed with `atMs`. */
  confirm?: boolean | undefined;
}

/**
 * `flowforge start`: pauses a running timer on another issue first (`switch` stops it instead),
 * and picks up a paused timer on this issue with its total. With `replacing`, only the running
 * timer on that issue is replaced: when it is no longer the one running (stopped, or switched by
 * another process since the caller looked), nothing changes and no timer starts.
 */
export function startTimer(
  context: TimerContext,
  options: { issue: string; atMs?: number | undefined; note?: string | undefined; previous?: 'pause' | 'stop'; replacing?: string } & Pick<CloseOptions, 'confirm'>,
): Promise<TimerChange> {
  return context.store.locked(async () => {
    let state = await context.store.readTimer();
    if (options.replacing !== undefined && state.active?.issue !== options.replacing) return { state, filed: [] };
    const sinceMs = checkedInstant(options.atMs ?? context.nowMs, context.nowMs, '--at');
    if (state.active?.issue === options.issue) throw flowForgeError('FF_ALREADY_RUNNING', { issue: options.issue, since: state.active.since });
    let filed: TimeEntry[] = [];
    let autoPaused: string | undefined;
    if (state.active) {
      // Closing the running timer where this one starts would end it before it began: say which timer is in the way.
      if (sinceMs <= Date.parse(state.active.since)) {
        throw flowForgeError('FF_START_BEFORE_RUNNING', { issue: options.issue, at: toUtcInstant(sinceMs), running: state.active.issue, since: state.active.since });
      }
      autoPaused = state.active.issue;
      const close = { atMs: options.atMs, confirm: options.confirm };
      ({ state, filed } = await closeActive(context, state, close, options.previous ?? 'pause'));
    }
    await assertNoOverlap(context.store, sinceMs, context.nowMs, state, context.nowMs);
    const resumed = state.paused.find((timer) => timer.issue === options.issue);
    const note = options.note ?? resumed?.note;
    const active: ActiveTimer = {
      issue: options.issue,
      since: toUtcInstant(sinceMs),
      entryId: await context.store.newEntryId(utcDayOf(sinceMs)),
      priorSeconds: resumed?.seconds ?? 0,
      ...(note ? { note } : {}),
    };
    state = { ...state, active, paused: state.paused.filter((timer) => timer !== resumed) };
    await context.store.writeTimer(state);
    return { state, filed, ...(autoPaused && options.previous !== 'stop' ? { autoPaused } : {}) };
  });
}

/** `flowforge pause`: files the open stretch and keeps the timer, with its total, among the paused. */
export function pauseTimer(context: TimerContext, options: CloseOptions & { reason?: string | undefined }): Promise<TimerChange> {
  return context.store.locked(async () => {
    const current = await context.store.readTimer();
    if (!current.active) throw flowForgeError('FF_NOTHING_RUNNING', { action: 'pause' });
    const { state, filed } = await closeActive(context, current, options, 'pause', options.reason);
    await context.store.writeTimer(state);
    return { state, filed };
  });
}

/** `flowforge resume [issue]`: the most recently paused timer, or the one on `issue`. */
export function resumeTimer(context: TimerContext, options: { issue?: string | undefined; atMs?: number | undefined }): Promise<TimerChange> {
  return context.store.locked(async () => {
    const state = await context.store.readTimer();
    if (state.active) throw flowForgeError('FF_ALREADY_RUNNING', { issue: state.active.issue, since: state.active.since });
    const timer = options.issue ? state.paused.find((paused) => paused.issue === options.issue) : state.paused.at(-1);
    if (!timer) throw flowForgeError('FF_NOTHING_RUNNING', { action: options.issue ? `resume on ${options.issue}` : 'resume' });
    const sinceMs = checkedInstant(options.atMs ?? context.nowMs, context.nowMs, '--at');
    if (sinceMs < Date.parse(timer.pausedAt)) throw flowForgeError('FF_BAD_RANGE', { start: timer.pausedAt, end: toUtcInstant(sinceMs) });
    await assertNoOverlap(context.store, sinceMs, context.nowMs, state, context.nowMs);
    const active: ActiveTimer = {
      issue: timer.issue,
      since: toUtcInstant(sinceMs),
      entryId: await context.store.newEntryId(utcDayOf(sinceMs)),
      priorSeconds: timer.seconds,
      ...(timer.note ? { note: timer.note } : {}),
    };
    const next: TimerState = { ...state, active, paused: state.paused.filter((paused) => paused !== timer) };
    await context.store.writeTimer(next);
    return { state: next, filed: [] };
  });
}

/**
 * `flowforge stop`: files the open stretch and forgets the timer. With no running timer, stops the
 * most recently paused one (its time is already filed).
 */
export function stopTimer(context: TimerContext, options: CloseOptions): Promise<TimerChange> {
  return context.store.locked(async () => {
    const current = await context.store.readTimer();
    if (!current.active) {
      const last = current.paused.at(-1);
      if (!last) throw flowForgeError('FF_NOTHING_RUNNING', { action: 'stop' });
      const state: TimerState = { ...current, paused: current.paused.slice(0, -1) };
      await context.store.writeTimer(state);
      return { state, filed: [], stopped: { issue: last.issue, totalSeconds: last.seconds } };
    }
    const { state, filed } = await closeActive(context, current, options, 'stop');
    await context.store.writeTimer(state);
    const closed = filed.reduce((sum, entry) => sum + (Date.parse(entry.end) - Date.parse(entry.start)) / 1000, 0);
    return { state, filed, stopped: { issue: current.active.issue, totalSeconds: current.active.priorSeconds + closed } };
  });
}

/**
 * Ends the active stretch at `atMs` (default now) and files it. The entry is written before the
 * timer state, under the id the timer reserved, so a crash in between is repaired by the next
 * close instead of billing the stretch twice.
 */
async function closeActive(
  context: TimerContext,
  state: TimerState,
  options: CloseOptions,
  then: 'pause' | 'stop',
  reason?: string,
): Promise<{ state: TimerState; filed: TimeEntry[] }> {
  const active = state.active as ActiveTimer;
  const sinceMs = Date.parse(active.since);
  const endMs = checkedInstant(options.atMs ?? context.nowMs, context.nowMs, '--at');
  if (endMs <= sinceMs) throw flowForgeError('FF_BAD_RANGE', { start: active.since, end: toUtcInstant(endMs) });
  const staleMs = context.staleTimerHours * 3_600_000;
  if (options.atMs === undefined && !options.confirm && context.nowMs - sinceMs > staleMs) {
    throw flowForgeError('FF_STALE_TIMER', { issue: active.issue, since: active.since, hours: context.staleTimerHours });
  }
  const filed = await fileStretches(
    context.store,
    [{ issue: active.issue, startMs: sinceMs, endMs, billable: true, id: active.entryId, ...(active.note ? { note: active.note } : {}) }],
    context.nowMs,
  );
  const seconds = active.priorSeconds + Math.round((endMs - sinceMs) / 1000);
  const paused: PausedTimer[] =
    then === 'pause'
      ? [
          ...state.paused,
          {
            issue: active.issue,
            seconds,
            pausedAt: toUtcInstant(endMs),
            ...(active.note ? { note: active.note } : {}),
            ...(reason ? { reason } : {}),
          },
        ]
      : state.paused;
  return { state: { ...state, active: null, paused }, filed };
}

/** Tracked time is in the past: a time after "now" is a typo, not work. */
function checkedInstant(ms: number, nowMs: number, option: string): number {
  if (!isSupportedInstant(ms)) throw flowForgeError('FF_OUT_OF_RANGE', { option, value: new Date(ms).toISOString() });
  if (ms > nowMs) throw flowForgeError('FF_IN_FUTURE', { option, value: toUtcInstant(ms) });
  return Math.floor(ms / 1000) * 1000;
}
