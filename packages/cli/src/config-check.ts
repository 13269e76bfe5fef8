import { checkPlugins, loadConfigCached } from '@flowforge/core/lite';
import type { LoadedConfig } from '@flowforge/core/internal';
import { FIRST_PARTY_PLUGINS, PURE_OPTIONS } from './first-party-plugins.js';
import type { Session } from './main.js';

/**
 * The team config, refused — with the error that names the config file and the plugin entry or
 * option at fault — when the pre-commit hook would refuse it: a plugin that cannot be found or
 * loaded, or options its schema rejects, as well as a config that fails its own schema. Nothing is
 * applied, so no plugin runs. `readOnly` writes no cache (`verify`, which must not write into a
 * checkout it inspects).
 */
export async function checkedConfig(session: Session, { readOnly = false }: { readOnly?: boolean } = {}): Promise<LoadedConfig> {
  const where = { cwd: session.cwd, repoRoot: session.repoRoot, ...(session.config ? { configPath: session.config } : {}) };
  const loaded = await loadConfigCached({ ...where, readOnly });
  await checkConfiguredPlugins(session, loaded, { readOnly });
  return loaded;
}

/** Every plugin of `loaded`, checked as `bootForCommand` would load it (`checkPlugins`). */
export function checkConfiguredPlugins(session: Session, loaded: LoadedConfig, { readOnly = false }: { readOnly?: boolean } = {}): Promise<void> {
  return checkPlugins(loaded, {
    cwd: session.cwd,
    repoRoot: session.repoRoot,
    bundledFrom: import.meta.url,
    preloaded: FIRST_PARTY_PLUGINS,
    pureOptions: PURE_OPTIONS,
    readOnly,
  });
}
