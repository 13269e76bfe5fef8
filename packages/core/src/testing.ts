/**
 * `@flowforge/core/testing` — run your plugin the way FlowForge does, in a test, in milliseconds:
 * entries go into a private log in a temporary folder, the tracking pipeline writes team files
 * through every stage with your plugins applied, and `publish` and your commands run over them.
 * Only the public API's types appear here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corePlugin } from './aggregation/core-plugin.js';
import type { FlowForgeConfigInput } from './config/schema.js';
import { validateConfig } from './config/validate.js';
import { flowForgeError } from './errors.js';
import { Kernel } from './kernel.js';
import type { LogRecord } from './logger.js';
import type { PeriodBucket } from './model/bucket.js';
import { type FlowForgePlugin, validatePluginOptions } from './plugin.js';
import type { PublishOutcome } from './providers/publish-stage.js';
import { UserStore } from './store/user-store.js';
import { readTeamLayer } from './team/read.js';
import { currentMsOrClock } from './time/now.js';
import { addEntry } from './tracking/entries.js';
import { privateLogFor } from './capabilities/private-log.js';
import { teamLayerAt } from './capabilities/team-layer.js';

/** One entry of the private log, as `flowforge add ISSUE --from START --to END` files it. */
export interface TestEntry {
  issue: string;
  /** An ISO instant, e.g. `2026-11-02T09:00:00Z`. */
  start: string;
  end: string;
  /** Default true. */
  billable?: boolean;
  note?: string;
}

/** A plugin with the options a config would give it. */
export type PluginUnderTest = FlowForgePlugin | readonly [FlowForgePlugin, unknown];

export interface TrackingTest {
  /** The plugins, in config order; their options are validated with their own schemas first. */
  plugins: readonly PluginUnderTest[];
  entries: readonly TestEntry[];
  /** Default `alice`. */
  user?: string;
  /** The zone of the user's local days; default `UTC`. */
  zone?: string;
  /** The rest of the team config (billing rates, …); its `plugins` are the ones above. */
  config?: Omit<FlowForgeConfigInput, 'plugins'>;
}

export interface TrackingRun {
  /** Every bucket the tracking pipeline wrote to the team layer, as reports and providers read it. */
  buckets: PeriodBucket[];
  /** The team-layer files written, relative to `dir`. */
  teamFiles: string[];
  /** What plugins logged, in order. */
  logs: LogRecord[];
  /** The `publish` stage over what was written; a dry run unless `dryRun: false`. */
  publish(options?: { dryRun?: boolean; only?: string }): Promise<PublishOutcome>;
  /**
   * Runs the tracking pipeline again over the days changed since the last run, as the next commit
   * would (after a command imported entries, say), and returns every bucket of the team layer then.
   */
  aggregate(): Promise<PeriodBucket[]>;
  /** Runs a plugin's command as `flowforge NAME ...args` would; returns its exit code and printed lines. */
  command(name: string, args?: readonly string[], options?: Record<string, unknown>): Promise<{ code: number; lines: string[] }>;
  /** The temporary folder standing in for the repository. */
  dir: string;
  /** Removes `dir`. */
  cleanup(): Promise<void>;
}

/** Files `entries` for a user, runs the tracking pipeline with `plugins`, and hands back what it wrote. */
export async function runTracking(test: TrackingTest): Promise<TrackingRun> {
  const dir = await mkdtemp(join(tmpdir(), 'flowforge-plugin-test-'));
  try {
    return await trackIn(dir, test);
  } catch (thrown) {
    await rm(dir, { recursive: true, force: true });
    throw thrown;
  }
}

async function trackIn(dir: string, test: TrackingTest): Promise<TrackingRun> {
  const user = test.user ?? 'alice';
  const zone = test.zone ?? 'UTC';
  const config = validateConfig({ ...test.config, plugins: [] }, 'test');
  const logs: LogRecord[] = [];
  const kernel = new Kernel({ logSink: (record) => logs.push(record) });
  const source = { from: 'test', bundled: false };
  await kernel.use(corePlugin, undefined, { config, configDir: dir }, { ...source, entry: 'built-in' });
  for (const [index, entry] of test.plugins.entries()) {
    const [plugin, raw] = Array.isArray(entry) ? (entry as readonly [FlowForgePlugin, unknown]) : [entry as FlowForgePlugin, undefined];
    const where = { file: 'test', entry: `plugins[${index}]` };
    await kernel.use(plugin, await validatePluginOptions(plugin, raw, where), { config, configDir: dir }, { ...source, entry: where.entry });
  }

  const store = UserStore.forRepo(dir, user);
  const context = { store, nowMs: currentMsOrClock(), staleTimerHours: 24 };
  for (const entry of test.entries) {
    await addEntry(context, { issue: entry.issue, startMs: Date.parse(entry.start), endMs: Date.parse(entry.end), billable: entry.billable ?? true, ...(entry.note ? { note: entry.note } : {}) });
  }
  const track = (all: boolean) =>
    store.locked(async () => {
      const result = await kernel.run({ trigger: 'manual', repoRoot: dir, user, zone, config, logger: kernel.loggerFor('test'), all });
      // As after a commit: the days just aggregated are no longer changed.
      await store.clearChangedDays();
      return result;
    });
  const bucketsNow = async (): Promise<PeriodBucket[]> => (await readTeamLayer(dir)).files.flatMap((file) => file.buckets.map((bucket) => ({ user: file.user, ...bucket })));
  const run = await track(true);

  return {
    buckets: await bucketsNow(),
    teamFiles: run.teamFiles.written,
    async aggregate() {
      await track(false);
      return bucketsNow();
    },
    logs,
    publish: (options = {}) => kernel.publish({ repoRoot: dir, config, dryRun: options.dryRun ?? true, only: options.only ?? null }),
    async command(name, args = [], options = {}) {
      const found = kernel.commands.find(({ command }) => command.name === name);
      if (!found) throw flowForgeError('FF_USAGE', { message: `no plugin adds the command ${JSON.stringify(name)}` });
      const lines: string[] = [];
      const code = await found.command.run({
        args,
        options,
        cwd: dir,
        repoRoot: dir,
        config,
        configDir: dir,
        logger: kernel.loggerFor(found.plugin),
        kernel,
        print: (line = '') => void lines.push(line),
        // The test's user stands for the developer running the command.
        privateLog: privateLogFor({ repoRoot: dir, user, underRunLock: false }),
        teamLayer: teamLayerAt(dir),
      });
      return { code: code ?? 0, lines };
    },
    dir,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
