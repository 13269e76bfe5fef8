import { z } from 'zod';
import { DEFAULT_STALE_TIMER_HOURS } from './defaults.js';
import { type FlowForgePlugin, isFlowForgePlugin } from '../plugin.js';
import { USER_ID_PATTERN } from '../model/user-id.js';
import { isValidTimeZone } from '../time/zone.js';

/** Plugins that run when the config does not list any (docs/plugins.md: policy and backups on by default). */
export const DEFAULT_PLUGINS = ['@flowforge/plugin-granularity', '@flowforge/plugin-backup'];

let built: ReturnType<typeof buildConfigSchema> | undefined;

/**
 * The schema, built on first use: building it costs ~4 ms of zod, which a commit whose config
 * was validated before does not need (`loadConfigCached`).
 */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  built ??= buildConfigSchema();
  return built;
}

/**
 * The whole team config of docs/configuration.md. Objects are strict so that a typo (`biling`) is an error
 * that names its path rather than a setting silently ignored. Plugin options are checked later,
 * by each plugin's own schema, because only the plugin knows them.
 */
function buildConfigSchema() {
  const timeZone = z
    .string()
    .refine(isValidTimeZone, { error: 'expected an IANA time zone such as "Europe/Berlin" or "UTC"' });

  const currency = z
    .string({ error: (issue) => `expected a 3-letter ISO 4217 currency code such as "EUR", received ${typeof issue.input}` })
    .regex(/^[A-Z]{3}$/, { error: 'expected a 3-letter ISO 4217 currency code in capitals, such as "EUR"' });

  const hourlyRate = z.number().nonnegative().finite();

  const userId = z.string().regex(USER_ID_PATTERN, { error: 'expected a user id matching ^[a-z0-9][a-z0-9._-]{0,63}$' });

  const inlinePlugin = z.custom<FlowForgePlugin>(isFlowForgePlugin, {
    error: 'expected a plugin object made with definePlugin({ name, apply })',
  });

  // A package name (`@scope/name`, `name/sub`) or a file path: never a URL (`data:`, `https:`,
  // `file:`), which would load code from somewhere the team's install does not say.
  const pluginSpecifier = z
    .string()
    .regex(/^(?:\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/]|(?:@[a-z0-9][\w.~-]*\/)?[A-Za-z0-9][\w.~-]*(?:\/[^:]*)?$)/, {
      error: 'expected a package name or a path such as "./tools/my-plugin.mjs"',
    });

  const pluginEntrySchema = z.union(
    [
      pluginSpecifier,
      z.tuple([z.union([pluginSpecifier, inlinePlugin]), z.unknown().optional()]),
      inlinePlugin,
    ],
    { error: 'expected a plugin name, a path, a plugin object, or [nameOrPath, options]' },
  );


  return z.strictObject({
    $schema: z.string().optional(),
    team: z
      .strictObject({
        name: z.string().min(1).optional(),
        timezone: timeZone.optional(),
      })
      .prefault({}),
    billing: z
      .strictObject({
        currency: currency.default('EUR'),
        rates: z
          .strictObject({
            default: hourlyRate.default(0),
            users: z.record(userId, hourlyRate).default({}),
            issues: z.record(z.string().min(1), hourlyRate).default({}),
          })
          .prefault({}),
      })
      .prefault({}),
    hook: z
      .strictObject({
        failOnError: z.boolean().default(false),
        staleTimerHours: z.number().positive().default(DEFAULT_STALE_TIMER_HOURS),
      })
      .prefault({}),
    plugins: z.array(pluginEntrySchema).default(DEFAULT_PLUGINS),
  });
}

/** What a team admin writes (every field optional). */
export type FlowForgeConfigInput = z.input<ReturnType<typeof configSchema>>;
/** The config after defaults, as every command and plugin sees it. */
export type FlowForgeConfig = z.output<ReturnType<typeof configSchema>>;
export type PluginEntry = FlowForgeConfig['plugins'][number];

/** Typed helper for `flowforge.config.{mjs,ts}`: returns its argument unchanged. */
export function defineConfig(config: FlowForgeConfigInput): FlowForgeConfigInput {
  return config;
}
