import type { FlowForgePlugin, PreloadedPlugins } from '@flowforge/core/internal';
import { CLI_VERSION } from './cli-files.js';

/**
 * The plugins this CLI ships, each imported only when a config names it, at the CLI's version
 * (first-party packages are released together). Written as literal imports so that the CLI's
 * bundle compiles them in, sharing its one copy of @flowforge/core and zod, rather than loading
 * them again from `node_modules` (see `LoadPluginsOptions.preloaded`).
 */
export const FIRST_PARTY_PLUGINS: PreloadedPlugins = {
  version: CLI_VERSION,
  plugins: new Map<string, () => Promise<FlowForgePlugin>>([
    ['@flowforge/plugin-granularity', async () => (await import('@flowforge/plugin-granularity')).default],
    ['@flowforge/plugin-backup', async () => (await import('@flowforge/plugin-backup')).default],
    ['@flowforge/plugin-migrate-v1', async () => (await import('@flowforge/plugin-migrate-v1')).default],
    ['@flowforge/plugin-github', async () => (await import('@flowforge/plugin-github')).default],
    ['@flowforge/plugin-notion', async () => (await import('@flowforge/plugin-notion')).default],
  ]),
};

/**
 * Commands of first-party plugins, available even where the config does not list the plugin (a
 * team dry-runs its v1 migration before changing any config): typing one loads its plugin, with
 * these options, the way a config entry would.
 */
export const FIRST_PARTY_COMMANDS: ReadonlyMap<string, { plugin: string; options: unknown }> = new Map([
  // A one-off import must not start a parallel run nobody configured.
  ['migrate', { plugin: '@flowforge/plugin-migrate-v1', options: { parallelRun: false } }],
  // Backups taken while the config listed the plugin are still there to recover (or erase).
  ['recover', { plugin: '@flowforge/plugin-backup', options: undefined }],
  ['erase', { plugin: '@flowforge/plugin-backup', options: undefined }],
]);

/**
 * The plugins above that every commit runs by default, whose option schemas read nothing but the
 * options (their `options.ts` say so): only their validated options are cached
 * (`LoadPluginsOptions.pureOptions`). Not the GitHub plugin, whose `baseUrl` defaults to
 * `GITHUB_API_URL` as the run has it.
 */
export const PURE_OPTIONS: ReadonlySet<string> = new Set(['@flowforge/plugin-granularity', '@flowforge/plugin-backup']);
