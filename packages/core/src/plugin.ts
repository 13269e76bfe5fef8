import type { z } from 'zod';
import type { FlowForgeConfig } from './config/schema.js';
import { type ConfigIssue, flowForgeError } from './errors.js';
import type { PluginKernel } from './kernel.js';
import type { Logger } from './logger.js';
import { formatPath } from './config/issues.js';

/** What `apply` receives besides the kernel and its options. */
export interface PluginContext {
  /** A logger whose lines carry the plugin's name. */
  readonly logger: Logger;
  /** The whole resolved team config. */
  readonly config: FlowForgeConfig;
  /** The folder of the config file (the repo root when there is none). */
  readonly configDir: string;
  /**
   * The command this plugin was loaded for when the config does not list it (`recover` loads
   * @flowforge/plugin-backup so); `null` when the config lists it. Such a plugin should add that
   * command and nothing that runs on its own (no snapshots nobody configured).
   */
  readonly loadedFor?: string | null;
}

export interface FlowForgePlugin<Schema extends z.ZodType = z.ZodType> {
  /** A unique, stable name; it attributes every tap, log line and error to this plugin. */
  readonly name: string;
  /**
   * Validates (and fills defaults of) the options before `apply` is called: a zod schema, or a
   * function that loads one (`() => import('./options.js').then((m) => m.schema)`). Validated
   * options are cached by their JSON and the plugin's files, so with a loader a commit whose
   * options were validated before loads neither the schema nor zod.
   */
  readonly options?: Schema | (() => Promise<Schema>);
  apply(kernel: PluginKernel, options: z.output<Schema>, context: PluginContext): void | Promise<void>;
}

/**
 * Declares a plugin. Returns its argument, typed: `options` in `apply` takes the type of the
 * schema's output, so a plugin never sees unchecked options.
 */
export function definePlugin<Schema extends z.ZodType = z.ZodUnknown>(
  plugin: FlowForgePlugin<Schema>,
): FlowForgePlugin<Schema> {
  return plugin;
}

/** Where a plugin came from, for messages and `flowforge plugins`. */
export interface PluginSource {
  /** `plugins[i]` in the config, or a name for plugins added by code. */
  readonly entry: string;
  /**
   * How it was found: a resolved file, "inline", or the package that carries it built in
   * (`@flowforge/core`; `@flowforge/cli` for a first-party plugin compiled into the CLI).
   */
  readonly from: string;
  /** True when resolved from the CLI's own installation rather than the team repo. */
  readonly bundled: boolean;
}

/** Runs the plugin's option schema; every problem is reported with its full config path. */
export async function validatePluginOptions(
  plugin: FlowForgePlugin,
  options: unknown,
  where: { file: string; entry: string },
): Promise<unknown> {
  if (!plugin.options) return options;
  const schema = typeof plugin.options === 'function' ? await plugin.options() : plugin.options;
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path, `${where.entry}.options`),
    message: issue.message,
  }));
  throw flowForgeError('FF_PLUGIN_OPTIONS', { file: where.file, plugin: plugin.name, issues });
}

export function isFlowForgePlugin(value: unknown): value is FlowForgePlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    (value as { name: string }).name.length > 0 &&
    typeof (value as { apply?: unknown }).apply === 'function'
  );
}
