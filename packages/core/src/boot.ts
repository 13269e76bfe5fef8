import { loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load.js';
import { Kernel } from './kernel.js';
import type { LogSink } from './logger.js';
import { loadPlugins } from './plugin-loader.js';

export interface BootOptions extends LoadConfigOptions {
  logSink?: LogSink;
  /** See `LoadPluginsOptions.bundledFrom`. */
  bundledFrom?: string;
}

export interface Booted {
  kernel: Kernel;
  loaded: LoadedConfig;
}

/** Config → kernel → plugins: what every command that runs the lifecycle does first. */
export async function bootKernel(options: BootOptions): Promise<Booted> {
  const loaded = await loadConfig(options);
  const kernel = new Kernel(options.logSink ? { logSink: options.logSink } : {});
  await loadPlugins(kernel, loaded, { cwd: options.cwd, ...(options.bundledFrom ? { bundledFrom: options.bundledFrom } : {}) });
  return { kernel, loaded };
}
