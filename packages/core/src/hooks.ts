import { AsyncParallelHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import type { FlowForgeConfig } from './config/schema.js';
import type { Logger } from './logger.js';
import type { PeriodBucket } from './model/bucket.js';
import type { TimeEntry } from './model/entry.js';

/** What started a run of the lifecycle (SPEC §8). */
export const TRIGGERS = ['pre-commit', 'daemon', 'ci', 'manual', 'publish'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Shared by every stage of one run. */
export interface RunContext {
  readonly trigger: Trigger;
  readonly repoRoot: string;
  /** The user whose private layer is aggregated; `null` for runs over the team layer only. */
  readonly user: string | null;
  readonly config: FlowForgeConfig;
  readonly logger: Logger;
}

/** Filled by `collect` taps: the private entries of the periods that changed. */
export interface Collection {
  readonly entries: TimeEntry[];
  /** Local days (`YYYY-MM-DD`) whose data changed and must be aggregated again. */
  readonly periods: Set<string>;
}

/** The value that flows through the `aggregate` waterfall and on to the later stages. */
export interface Aggregation {
  readonly buckets: readonly PeriodBucket[];
}

export interface ValidationFailure {
  plugin: string;
  message: string;
}

/** Handed to each `validate` tap, already scoped to that tap's plugin. */
export interface Validation {
  fail(message: string): void;
  readonly failures: readonly ValidationFailure[];
}

/**
 * The lifecycle, declared once. Each class is chosen for what its stage means:
 * - `collect` is parallel: sources (the private store, a v1 file still in use, …) are independent
 *   and mostly I/O, so they read at the same time and each adds to the collection.
 * - `aggregate` is a waterfall: policies transform the previous result in order (bucket by
 *   period, then pseudonymise, then round), and the order is the meaning.
 * - `validate` is series, and the kernel turns each tap's throw into a recorded failure so that
 *   every problem is reported at once, not just the first.
 * - `snapshot` is series: backups and checksums must all be written, in order, before anything
 *   is published.
 * - `publish` is series: writers and providers run one after another so their output and
 *   failures read in a stable order; a failure stops the run before later writers act on it.
 */
export function createLifecycleHooks() {
  return {
    collect: new AsyncParallelHook<[Collection, RunContext]>(['collection', 'context']),
    aggregate: new AsyncSeriesWaterfallHook<[Aggregation, Collection, RunContext]>([
      'aggregation',
      'collection',
      'context',
    ]),
    validate: new AsyncSeriesHook<[Aggregation, Validation, RunContext]>(['aggregation', 'validation', 'context']),
    snapshot: new AsyncSeriesHook<[Aggregation, RunContext]>(['aggregation', 'context']),
    publish: new AsyncSeriesHook<[Aggregation, RunContext]>(['aggregation', 'context']),
  };
}

export type LifecycleHooks = ReturnType<typeof createLifecycleHooks>;
export type HookName = keyof LifecycleHooks;

/** The stages in the order the kernel runs them. */
export const LIFECYCLE: readonly HookName[] = ['collect', 'aggregate', 'validate', 'snapshot', 'publish'];
