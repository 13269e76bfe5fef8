import type { FlowForgePlugin } from '@flowforge/core';

/**
 * The plugins this CLI ships, each imported only when a config names it. Written as literal
 * imports so that the CLI's bundle compiles them in, sharing its one copy of @flowforge/core and
 * zod, rather than loading them again from `node_modules` (see `LoadPluginsOptions.preloaded`).
 */
export const FIRST_PARTY_PLUGINS: ReadonlyMap<string, () => Promise<FlowForgePlugin>> = new Map<string, () => Promise<FlowForgePlugin>>([
  ['@flowforge/plugin-granularity', async () => (await import('@flowforge/plugin-granularity')).default],
  ['@flowforge/plugin-backup', async () => (await import('@flowforge/plugin-backup')).default],
  ['@flowforge/plugin-migrate-v1', async () => (await import('@flowforge/plugin-migrate-v1')).default],
  ['@flowforge/plugin-github', async () => (await import('@flowforge/plugin-github')).default],
  ['@flowforge/plugin-notion', async () => (await import('@flowforge/plugin-notion')).default],
]);

/**
 * The plugins above that every commit runs by default, whose option schemas read nothing but the
 * options (their `options.ts` say so): only their validated options are cached
 * (`LoadPluginsOptions.pureOptions`). Not the GitHub plugin, whose `baseUrl` defaults to
 * `GITHUB_API_URL` as the run has it.
 */
export const PURE_OPTIONS: ReadonlySet<string> = new Set(['@flowforge/plugin-granularity', '@flowforge/plugin-backup']);
