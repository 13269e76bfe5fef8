import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../repo.js';
import { fileStamp } from '../store/file-stamp.js';
import { readRuntimeCache, writeRuntimeCache } from '../store/runtime-cache.js';
import type { LoadConfigOptions, LoadedConfig } from './load.js';
import { isJsonData } from './json-data.js';
import type { FlowForgeConfig } from './schema.js';
import { searchCandidates } from './search.js';

/** The config without its plugins: what tracking commands and reports need. */
export type Settings = Omit<FlowForgeConfig, 'plugins'> & { file: string | null };

const CACHE_FILE = '.flowforge/daemon/config.json';

interface CachedConfig {
  key: string;
  file: string | null;
  dir: string;
  /** `plugins` is `null` when the config holds more than JSON data there (inline plugin objects). */
  config: Omit<FlowForgeConfig, 'plugins'> & { plugins: FlowForgeConfig['plugins'] | null };
}

/**
 * The team settings, fast. Loading the config means importing it (Node's ES module loader) and
 * zod, more than a whole `flowforge status` should take, so the config as loaded and validated
 * is cached beside the repo's runtime state (see `cachedLoad`).
 */
export async function loadSettings(options: LoadConfigOptions & { fresh?: boolean }): Promise<Settings> {
  const { file, config } = await cachedLoad(options, { withPlugins: false });
  const { plugins: _plugins, ...settings } = config;
  return { ...settings, file };
}

/**
 * The whole config, plugins included, as `loadConfig` gives it — from the cache when it holds
 * it: what every run of the lifecycle (each commit) reads first.
 */
export async function loadConfigCached(options: LoadConfigOptions & { readOnly?: boolean }): Promise<LoadedConfig> {
  const { file, dir, config } = await cachedLoad(options, { withPlugins: true });
  return { file, dir, config: config as FlowForgeConfig };
}

/**
 * The cache holds while every config file the search could find keeps its stamp (`fileStamp`: a
 * new config file, or an edit, means loading again) and FlowForge is the same build
 * (`codeStamp`). A JavaScript config that imports other files or reads the environment is loaded
 * again only when it is itself touched, or by `flowforge config`, which always loads in full
 * (`fresh`) and so refreshes the cache. `readOnly` (a dry run) uses the cache but never writes it.
 */
async function cachedLoad(options: LoadConfigOptions & { fresh?: boolean; readOnly?: boolean }, { withPlugins }: { withPlugins: boolean }): Promise<CachedConfig> {
  const repoRoot = findRepoRoot(options.cwd);
  const candidates = options.configPath ? [resolve(options.cwd, options.configPath)] : searchCandidates(options.cwd);
  const key = JSON.stringify([codeStamp(), ...candidates.map((file) => [file, fileStamp(file)])]);
  const cached = repoRoot && !options.fresh ? asCachedConfig(readRuntimeCache(repoRoot, CACHE_FILE)) : undefined;
  if (cached?.key === key && (!withPlugins || cached.config.plugins !== null)) return cached;

  const { loadConfig } = await import('./load.js');
  const loaded = await loadConfig({ cwd: options.cwd, ...(options.configPath ? { configPath: options.configPath } : {}) });
  const plugins = isJsonData(loaded.config.plugins) ? loaded.config.plugins : null;
  const entry: CachedConfig = { key, file: loaded.file, dir: loaded.dir, config: { ...loaded.config, plugins } };
  if (repoRoot && !options.readOnly) await writeRuntimeCache(repoRoot, CACHE_FILE, `${JSON.stringify(entry)}\n`);
  return { ...entry, config: loaded.config };
}

/**
 * Stamps of this module and of the schema's module beside it: a new FlowForge version or build
 * rewrites them (in the CLI's bundle the schema has no file of its own, and every build rewrites
 * the bundle whole).
 */
function codeStamp(): string {
  return [import.meta.url, new URL('./schema.js', import.meta.url).href].map((url) => fileStamp(fileURLToPath(url))).join(' ');
}

function asCachedConfig(value: unknown): CachedConfig | undefined {
  const cached = value as Partial<CachedConfig> | undefined;
  return typeof cached?.key === 'string' && typeof cached.dir === 'string' && typeof cached.config === 'object' && cached.config !== null ? (cached as CachedConfig) : undefined;
}
