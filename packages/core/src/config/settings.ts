import { join, resolve } from 'node:path';
import { readJsonFile } from '../store/atomic-write.js';
import { findRepoRoot } from '../repo.js';
import { fileStamp, writeRuntimeCache } from '../store/runtime-cache.js';
import type { LoadConfigOptions } from './load.js';
import type { FlowForgeConfig } from './schema.js';
import { searchCandidates } from './search.js';

/** The config without its plugins: what tracking commands and reports need. */
export type Settings = Omit<FlowForgeConfig, 'plugins'> & { file: string | null };

const CACHE_FILE = '.flowforge/daemon/settings.json';

/**
 * The team settings, fast. Loading the config means cosmiconfig and zod (~60 ms), more than a
 * whole `flowforge status` should take, so the validated settings are cached beside the repo's
 * runtime state, keyed by the size, modification time and inode of every config candidate file. A
 * change to the config file invalidates the cache; a JavaScript config that imports other files
 * is re-read when it is itself touched, or by `flowforge config`, which always loads in full.
 */
export async function loadSettings(options: LoadConfigOptions & { fresh?: boolean }): Promise<Settings> {
  const repoRoot = findRepoRoot(options.cwd);
  const candidates = options.configPath ? [resolve(options.cwd, options.configPath)] : searchCandidates(options.cwd);
  const key = JSON.stringify(candidates.map((file) => [file, fileStamp(file)]));
  const cacheFile = repoRoot ? join(repoRoot, CACHE_FILE) : null;
  const cached = cacheFile ? ((await readJsonFile(cacheFile).catch(() => undefined)) as { key?: string; settings?: Settings } | undefined) : undefined;
  if (!options.fresh && cached?.key === key && cached.settings) return cached.settings;

  const { loadConfig } = await import('./load.js');
  const { file, config } = await loadConfig({ cwd: options.cwd, ...(options.configPath ? { configPath: options.configPath } : {}) });
  const { plugins: _plugins, ...rest } = config;
  const settings: Settings = { ...rest, file };
  if (repoRoot) await writeRuntimeCache(repoRoot, CACHE_FILE, `${JSON.stringify({ key, settings })}\n`);
  return settings;
}
