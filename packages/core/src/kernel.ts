import { attributed } from './attributed.js';
import {
  type Aggregation,
  type Collection,
  COMMAND_HOOKS,
  createLifecycleHooks,
  type HookName,
  type LifecycleHooks,
  type RunContext,
  type RunRequest,
  type StageName,
  type TeamFileChanges,
  TRACKING_STAGES,
  type Validation,
  type ValidationFailure,
} from './hooks.js';
import { flowForgeError, reasonOf } from './errors.js';
import type { TimeEntry } from './model/entry.js';
import { createLogger, type Logger, type LogSink, silentSink } from './logger.js';
import type { FlowForgePlugin, PluginContext, PluginSource } from './plugin.js';
import type { DoctorCheck } from './doctor-check.js';
import { COMMAND_NAME, type PluginCommand, type RegisteredCommand } from './plugin-command.js';
import type { Provider } from './providers/provider.js';
import { type PublishOutcome, type PublishRequest, type RegisteredProvider, runPublishStage } from './providers/publish-stage.js';
import { recordRunAudit, writeTrackedTeamFiles } from './aggregation/write-stage.js';
import { privateLogFor } from './capabilities/private-log.js';
import { teamLayerAt } from './capabilities/team-layer.js';

/** A tap (or, on `publish`, a provider) as `flowforge plugins` shows it. */
export interface TapRecord {
  hook: StageName;
  plugin: string;
  stage: number;
}

export interface RegisteredPlugin {
  name: string;
  source: PluginSource;
  taps: StageName[];
}

export interface LifecycleResult {
  collection: Collection;
  aggregation: Aggregation;
  /** What the kernel wrote to the team layer (and what `snapshot` taps added). */
  teamFiles: TeamFileChanges;
}

/**
 * The kernel as a plugin sees it in `apply` and in its commands: the hooks to tap, and what a
 * plugin may add. Running stages and loading plugins are the CLI's.
 */
export interface PluginKernel {
  readonly hooks: Readonly<LifecycleHooks>;
  addProvider<Data>(provider: Provider<Data>): void;
  addCommand(command: PluginCommand): void;
  addDoctorCheck(check: DoctorCheck): void;
  /** What the configured `aggregate` policies make of `entries`, nothing collected or written. */
  aggregateOnly(request: RunRequest, entries: TimeEntry[]): Promise<Aggregation>;
  /** A logger whose lines carry `scope`. */
  loggerFor(scope: string): Logger;
}

/** The name taps are attributed to when no plugin is being applied (core's own taps, tests). */
const UNATTRIBUTED = 'flowforge';

/**
 * The kernel owns the lifecycle hooks and the plugins tapped into them. It is the only thing that
 * runs the lifecycle, so every command — hook, daemon, CI, manual — behaves the same way.
 */
export class Kernel implements PluginKernel {
  /** Declared once and frozen, as webpack's Compiler does: plugins tap them, never replace them. */
  readonly hooks: Readonly<LifecycleHooks>;
  readonly #plugins: RegisteredPlugin[] = [];
  readonly #taps: TapRecord[] = [];
  readonly #providers: RegisteredProvider[] = [];
  readonly #commands: RegisteredCommand[] = [];
  readonly #doctorChecks: DoctorCheck[] = [];
  readonly #sink: LogSink;
  /** The plugin whose `apply` is running: its taps are attributed to it, whatever they are named. */
  #applying: RegisteredPlugin | null = null;

  constructor(options: { logSink?: LogSink } = {}) {
    this.#sink = options.logSink ?? silentSink;
    const hooks = createLifecycleHooks();
    for (const name of [...TRACKING_STAGES, ...COMMAND_HOOKS]) this.#attributeTaps(name, hooks[name]);
    this.hooks = Object.freeze(hooks);
  }

  loggerFor(scope: string): Logger {
    return createLogger(scope, this.#sink);
  }

  /** Applies a plugin whose options were already validated; a throw in `apply` names the plugin. */
  async use(
    plugin: FlowForgePlugin,
    options: unknown,
    context: Omit<PluginContext, 'logger'>,
    source: PluginSource,
  ): Promise<void> {
    const registered: RegisteredPlugin = { name: plugin.name, source, taps: [] };
    this.#plugins.push(registered);
    this.#applying = registered;
    try {
      await plugin.apply(this, options, { ...context, logger: this.loggerFor(plugin.name) });
    } catch (thrown) {
      throw attributed(thrown, plugin.name, 'apply');
    } finally {
      this.#applying = null;
    }
  }

  get plugins(): readonly RegisteredPlugin[] {
    return this.#plugins;
  }

  get taps(): readonly TapRecord[] {
    return this.#taps;
  }

  /**
   * Adds a provider to the `publish` stage; `flowforge publish` drives it (see `Provider`).
   * Called from a plugin's `apply`, the provider is listed under that plugin.
   */
  addProvider<Data>(provider: Provider<Data>): void {
    const plugin = this.#applying?.name ?? provider.name;
    this.#applying?.taps.push('publish');
    this.#taps.push({ hook: 'publish', plugin, stage: 0 });
    // Each provider's `apply` gets back the changes its own `plan` made.
    this.#providers.push({ plugin, provider: provider as unknown as Provider });
  }

  get providers(): readonly RegisteredProvider[] {
    return this.#providers;
  }

  /**
   * Adds a top-level command (`flowforge <name>`), listed by `--help` with the plugin that added
   * it. A name that is not a command name, or that another plugin took, is refused.
   */
  addCommand(command: PluginCommand): void {
    const plugin = this.#applying?.name ?? command.name;
    const taken = this.#commands.find((other) => other.command.name === command.name);
    if (!COMMAND_NAME.test(command.name) || taken) {
      throw flowForgeError('FF_COMMAND_TAKEN', { plugin, command: command.name, by: taken?.plugin ?? null });
    }
    this.#commands.push({ plugin, command });
  }

  get commands(): readonly RegisteredCommand[] {
    return this.#commands;
  }

  /** Adds a line to `flowforge doctor`, after FlowForge's own checks, in the order added. */
  addDoctorCheck(check: DoctorCheck): void {
    this.#doctorChecks.push(check);
  }

  get doctorChecks(): readonly DoctorCheck[] {
    return this.#doctorChecks;
  }

  /**
   * The tracking pipeline: collect → aggregate → validate, then the kernel writes the team files,
   * then snapshot, then the kernel records the audit of what was written. Validation gathers every failure before it stops the
   * run, so nothing is written or snapshot from data that failed a check.
   */
  async run(request: RunRequest): Promise<LifecycleResult> {
    const context = contextFor(request, []);
    const { collection } = context;
    await this.hooks.collect.promise(collection, context);
    const aggregation = await this.hooks.aggregate.promise(initialAggregation(request), collection, context);
    const failures: ValidationFailure[] = [];
    await this.hooks.validate.promise(aggregation, validationFor(UNATTRIBUTED, failures), context);
    if (failures.length > 0) throw flowForgeError('FF_VALIDATION_FAILED', { failures });
    const teamFiles = await writeTrackedTeamFiles(aggregation, context);
    try {
      await this.hooks.snapshot.promise(aggregation, teamFiles, context);
    } catch (thrown) {
      // Written files are vouched for even when a snapshot tap fails, and the tap's error is the one reported.
      await recordRunAudit(aggregation, teamFiles, context).catch((error: unknown) => context.logger.warn(`could not record the audit trail: ${reasonOf(error)}`));
      throw thrown;
    }
    await recordRunAudit(aggregation, teamFiles, context);
    return { collection, aggregation, teamFiles };
  }

  /** The `publish` stage: the team layer, read once, handed to each provider (`runPublishStage`). */
  publish(request: PublishRequest): Promise<PublishOutcome> {
    return runPublishStage(this.#providers, request, (plugin) => this.loggerFor(plugin));
  }

  /**
   * The `aggregate` waterfall alone, over `entries`: what the policies make of them (buckets, the
   * published identity) without collecting, validating or writing anything — for an importer
   * that turns old data into team history, or a command that needs a user's published name.
   */
  async aggregateOnly(request: RunRequest, entries: TimeEntry[]): Promise<Aggregation> {
    const context = contextFor(request, entries);
    return this.hooks.aggregate.promise(initialAggregation(request), context.collection, context);
  }

  /**
   * tapable attributes nothing, so a `register` interceptor wraps every tap: whatever it throws
   * names the plugin and the hook. On `validate` a throw becomes a recorded failure instead, and
   * each tap gets a `Validation` scoped to its plugin.
   */
  #attributeTaps(hook: HookName, instance: LifecycleHooks[HookName]): void {
    instance.intercept({
      register: (tap) => {
        const plugin = this.#applying?.name ?? (tap.name || UNATTRIBUTED);
        this.#applying?.taps.push(hook);
        this.#taps.push({ hook, plugin, stage: tap.stage ?? 0 });
        return { ...tap, fn: wrapTap(tap.type, tap.fn, plugin, hook) };
      },
    });
  }
}

type AnyFunction = (...args: unknown[]) => unknown;

function wrapTap(type: 'sync' | 'async' | 'promise', fn: Function, plugin: string, hook: HookName): Function {
  const call = fn as AnyFunction;
  const scope = (args: unknown[]): unknown[] => {
    if (hook !== 'validate') return args;
    // The run's Validation shares its list; re-scoping only changes whose name a failure carries.
    const shared = (args[1] as Validation).failures as ValidationFailure[];
    return [args[0], validationFor(plugin, shared), ...args.slice(2)];
  };
  const onError = (thrown: unknown, args: unknown[]): void => {
    if (hook !== 'validate') throw attributed(thrown, plugin, hook);
    (args[1] as Validation).fail(`threw: ${reasonOf(thrown)}`);
  };
  if (type === 'promise') {
    return async (...args: unknown[]) => {
      const scoped = scope(args);
      try {
        return await call(...scoped);
      } catch (thrown) {
        return onError(thrown, scoped);
      }
    };
  }
  if (type === 'sync') {
    return (...args: unknown[]) => {
      const scoped = scope(args);
      try {
        return call(...scoped);
      } catch (thrown) {
        return onError(thrown, scoped);
      }
    };
  }
  return (...argsAndCallback: unknown[]) => {
    const callback = argsAndCallback.pop() as (error?: unknown, result?: unknown) => void;
    const scoped = scope(argsAndCallback);
    const settle = (thrown: unknown, result?: unknown) => {
      if (!thrown) return callback(null, result);
      try {
        onError(thrown, scoped);
        callback(null, result);
      } catch (wrapped) {
        callback(wrapped);
      }
    };
    try {
      call(...scoped, settle);
    } catch (thrown) {
      settle(thrown);
    }
  };
}

/** The run's context; whoever runs the pipeline holds the user's lock (`aggregateUser`, `runTracking`). */
function contextFor(request: RunRequest, entries: TimeEntry[]): RunContext {
  return {
    ...request,
    collection: { entries, shards: new Map() },
    privateLog: privateLogFor({ repoRoot: request.repoRoot, user: request.user, underRunLock: true }),
    teamLayer: teamLayerAt(request.repoRoot),
  };
}

function initialAggregation(request: RunRequest): Aggregation {
  return { identity: request.user, pieces: [], buckets: [], granularity: 'day', rounding: null };
}

/** A `Validation` that records failures under `plugin` into the run's shared list. */
function validationFor(plugin: string, failures: ValidationFailure[]): Validation {
  return {
    fail: (message) => {
      failures.push({ plugin, message });
    },
    get failures() {
      return failures;
    },
  };
}
