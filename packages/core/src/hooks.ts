import { AsyncParallelHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import type { PrivateLog } from './capabilities/private-log.js';
import type { TeamLayerReader } from './capabilities/team-layer.js';
import type { FlowForgeConfig } from './config/schema.js';
import type { Logger } from './logger.js';
import type { PeriodBucket } from './model/bucket.js';
import type { TimeEntry } from './model/entry.js';
import type { Granularity } from './time/period.js';
import type { RoundingMode } from './time/rounding.js';

/**
 * What started a run of the tracking pipeline. Recorded in audit records and snapshot manifests
 * so that people can tell runs apart; no tap needs it to decide what to do.
 */
export const TRIGGERS = ['pre-commit', 'daemon', 'manual'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Team-layer files a run wrote and removed, relative to the repo root: the hook stages exactly these. */
export interface TeamFileChanges {
  written: string[];
  removed: string[];
}

/** Shared by every stage of one run of the tracking pipeline. */
export interface RunContext {
  readonly trigger: Trigger;
  readonly repoRoot: string;
  /** The user whose private layer is aggregated. */
  readonly user: string;
  /** The IANA zone of the user's local days. */
  readonly zone: string;
  readonly config: FlowForgeConfig;
  readonly logger: Logger;
  /** `aggregate --all`: rebuild every period, not only the changed ones. */
  readonly all: boolean;
  /** What `collect` gathered, for the later stages. */
  readonly collection: Collection;
  /**
   * The private log of `user`. The run holds its lock, so `import` here takes only entries kept
   * out of aggregation (`publish: false`): the run forgets the days it noted once it is done.
   */
  readonly privateLog: PrivateLog;
  /** The team layer as it stands (during `snapshot`, with this run's files written). */
  readonly teamLayer: TeamLayerReader;
}

/** What a command gives the kernel to run the pipeline; the kernel adds the collection and the capabilities. */
export type RunRequest = Omit<RunContext, 'collection' | 'privateLog' | 'teamLayer'>;

/** Filled by `collect` taps. */
export interface Collection {
  /** Private entries covering every shard below (with a margin: periods cross month ends). */
  readonly entries: TimeEntry[];
  /**
   * The local months (`YYYY-MM`) whose team files this run rebuilds, each with the revision of
   * the data behind it: a number that only grows as the private data changes, so that of two
   * files for the same user and month, the newer one is known.
   */
  readonly shards: Map<string, number>;
}

/** One entry's time within one local day: private, never written to the team layer. */
export interface EntryPiece {
  entryId: string;
  issue: string;
  day: string;
  seconds: number;
  billable: boolean;
}

export interface RoundingPolicy {
  incrementSeconds: number;
  mode: RoundingMode;
  scope: 'entry' | 'bucket';
}

/** The value that flows through the `aggregate` waterfall and on to the later stages. */
export interface Aggregation {
  /** The user id as published: the id itself, or a pseudonym when the policy asks for one. */
  readonly identity: string;
  /** The private pieces the buckets were made from (for policies; never published). */
  readonly pieces: readonly EntryPiece[];
  /** What reaches the team layer. */
  readonly buckets: readonly PeriodBucket[];
  readonly granularity: Granularity;
  /** Recorded in every team file, so a report applies bucket rounding the way it was meant. */
  readonly rounding: RoundingPolicy | null;
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
 * The tracking pipeline's hooks, declared once. Each class is chosen for what its stage means:
 * - `collect` is parallel: sources (the private store, …) are independent and mostly I/O, so they
 *   read at the same time and each adds to the collection. Read-only: nothing is written yet.
 * - `aggregate` is a waterfall: policies transform the previous result in order (bucket by
 *   period, then pseudonymise, then round), and the order is the meaning.
 * - `validate` is series, and the kernel turns each tap's throw into a recorded failure so that
 *   every problem is reported at once, not just the first.
 * - `snapshot` is series and runs after the kernel has written the team files: backups and
 *   derived data are written in order, from exactly what was committed to the team layer.
 * The fifth stage, `publish`, has no tapable hook: a provider is an object the kernel drives
 * (`Kernel#addProvider`), so that dry runs, `--provider`, tokens and redaction are the kernel's.
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
    snapshot: new AsyncSeriesHook<[Aggregation, TeamFileChanges, RunContext]>(['aggregation', 'changes', 'context']),
    // Not a lifecycle stage: run by `flowforge migrate v2`. Series, so importers act in order.
    migrate: new AsyncSeriesHook<[MigrationRequest]>(['request']),
  };
}

export type LifecycleHooks = ReturnType<typeof createLifecycleHooks>;
export type HookName = keyof LifecycleHooks;
/** Every stage as `flowforge plugins` lists it: the four hooks, then the providers. */
export type StageName = HookName | 'publish';

/** The tracking pipeline's hooks in the order the kernel runs them. */
export const TRACKING_STAGES = ['collect', 'aggregate', 'validate', 'snapshot'] as const satisfies readonly HookName[];
/** The five stages, in order: the tracking pipeline, then publishing. */
export const LIFECYCLE: readonly StageName[] = [...TRACKING_STAGES, 'publish'];
/** Hooks that a command runs by itself, outside the lifecycle. */
export const COMMAND_HOOKS: readonly HookName[] = ['migrate'];

/** `flowforge migrate v2`: what to import and how; importers fill `report`. */
export interface MigrationRequest {
  readonly repoRoot: string;
  /** The migrating user: their own imported sessions also go to their private log. */
  readonly user: string;
  readonly zone: string;
  readonly nowMs: number;
  /** `--file`, or `null` to use the importer's own option or default places. */
  readonly file: string | null;
  readonly dryRun: boolean;
  readonly preserveHistory: boolean;
  readonly verifyIntegrity: boolean;
  readonly logger: Logger;
  readonly report: MigrationReport;
  /** Called as a large import goes, for a progress line on a terminal. */
  readonly progress?: MigrationProgress;
  /** The migrating user's private log: their own imported time goes there. */
  readonly privateLog: PrivateLog;
  readonly teamLayer: TeamLayerReader;
}

export type MigrationProgress = (phase: string, done: number, total: number) => void;

export interface MigrationReport {
  /** Importers that found something to import. */
  handledBy: string[];
  /** What to print, in order. */
  lines: string[];
  /** Set by `--verify-integrity` when a difference has no reason: the command exits 1. */
  unexplained: boolean;
  /** Team files written and removed (repo-relative), for the user to commit. */
  teamFiles: { written: string[]; removed: string[] };
}
