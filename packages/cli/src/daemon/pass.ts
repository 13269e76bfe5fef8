import { aggregateUser, type FlowForgeError } from '@flowforge/core/internal';
import { bootForCommand } from '../boot.js';
import type { GlobalOptions } from '../main.js';
import { asFlowForgeError } from '../report-error.js';
import { hasWork, pendingWork } from './pending-work.js';

export const PASS_SCHEMA = 'flowforge.daemon-pass/1';

/** What `flowforge daemon run --once --json` prints: the outcome of one pass. */
export interface PassResult {
  schema: typeof PASS_SCHEMA;
  user: string;
  /** `false` when there was nothing to do: no changed day, no queued failure of this user. */
  ran: boolean;
  months: string[];
  written: string[];
  removed: string[];
  queue: { settled: number; pending: number };
  error: { code: string; message: string; hint: string } | null;
}

export interface PassOutcome {
  result: PassResult;
  /** The failure itself, for the terminal; `result.error` is its summary. */
  error: FlowForgeError | null;
}

/**
 * One pass of the daemon: aggregate the user's changed months (trigger `daemon`) and, with that,
 * settle their queued hook failures — `aggregateUser` forgets both only once everything is
 * written, so a failed pass leaves them for the next one and drops nothing. With nothing to do it
 * loads neither the config nor a plugin.
 */
export async function runPass(globals: GlobalOptions, repoRoot: string, user: string): Promise<PassOutcome> {
  const result: PassResult = { schema: PASS_SCHEMA, user, ran: false, months: [], written: [], removed: [], queue: { settled: 0, pending: 0 }, error: null };
  let queuedBefore = 0;
  try {
    const before = await pendingWork(repoRoot, user);
    queuedBefore = before.queued;
    result.queue.pending = before.queued;
    if (!hasWork(before)) return { result, error: null };
    result.ran = true;
    const booted = await bootForCommand(globals);
    const { teamFiles, collection } = await aggregateUser(booted, { repoRoot, user, trigger: 'daemon', all: false });
    const after = await pendingWork(repoRoot, user);
    Object.assign(result, { months: [...collection.shards.keys()], written: teamFiles.written, removed: teamFiles.removed });
    result.queue = { settled: Math.max(0, queuedBefore - after.queued), pending: after.queued };
    return { result, error: null };
  } catch (thrown) {
    const error = asFlowForgeError(thrown);
    result.ran = true;
    result.error = { code: error.code, message: error.message, hint: error.hint };
    return { result, error };
  }
}
