import type { LoadConfigOptions, LoadedConfig } from './config/load.js';
import { loadConfigCached } from './config/settings.js';
import { corePlugin } from './aggregation/core-plugin.js';
import { Kernel } from './kernel.js';
import type { LogSink } from './logger.js';
import { loadPlugins, type LoadPluginsOptions } from './plugin-loader.js';

export interface BootOptions extends LoadConfigOptions {
  logSink?: LogSink;
  /** See `LoadPluginsOptions.bundledFrom`. */
  bundledFrom?: string;
  /** See `LoadPluginsOptions.preloaded`. */
  preloaded?: LoadPluginsOptions['preloaded'];
  /** See `LoadPluginsOptions.pureOptions`. */
  pureOptions?: LoadPluginsOptions['pureOptions'];
  /** A dry run: the config and plugin option caches are read but never written. */
  readOnly?: boolean;
}

export interface Booted {
  kernel: Kernel;
  loaded: LoadedConfig;
}

/** Config → kernel → core's own taps → the config's plugins: what every command that runs the lifecycle does first. */
export async function bootKernel(options: BootOptions): Promise<Booted> {
  const loaded = await loadConfigCached(options);
  const kernel = new Kernel(options.logSink ? { logSink: options.logSink } : {});
  await kernel.use(corePlugin, undefined, { config: loaded.config, configDir: loaded.dir }, { entry: 'built-in', from: '@flowforge/core', bundled: false });
  await loadPlugins(kernel, loaded, {
    cwd: options.cwd,
    ...(options.repoRoot !== undefined ? { repoRoot: options.repoRoot } : {}),
    ...(options.bundledFrom ? { bundledFrom: options.bundledFrom } : {}),
    ...(options.preloaded ? { preloaded: options.preloaded } : {}),
    ...(options.pureOptions ? { pureOptions: options.pureOptions } : {}),
    ...(options.readOnly ? { readOnly: true } : {}),
  });
  return { kernel, loaded };
}
