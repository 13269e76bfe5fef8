import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRootOf } from '../repo.js';
import { fileStamp } from '../store/file-stamp.js';
import { readRuntimeCache, writeRuntimeCache } from '../store/runtime-cache.js';
import { isJsonData } from './json-data.js';
import type { ConfigSource, LoadConfigOptions, LoadedConfig } from './load.js';
import type { FlowForgeConfig } from './schema.js';
import { searchCandidates } from './search.js';

/** The config without its plugins: what tracking commands and reports need. */
export type Settings = Omit<FlowForgeConfig, 'plugins'> & { file: string | null };

const CACHE_FILE = '.flowforge/daemon/config.json';

interface CachedConfig {
  key: string;
  file: string | null;
  dir: string;
  config: FlowForgeConfig;
}

/**
 * The team settings, fast. Loading the config means reading it (cosmiconfig, for JSON and YAML)
 * and validating it with zod, more than a whole `flowforge status` should take, so the config as
 * validated is kept beside the repo's runtime state (see `cachedLoad`).
 */
export async function loadSettings(options: LoadConfigOptions & { fresh?: boolean }): Promise<Settings> {
  const { file, config } = await cachedLoad(options);
  const { plugins: _plugins, ...settings } = config;
  return { ...settings, file };
}

/**
 * The whole config, plugins included, as `loadConfig` gives it — from the cache when it holds
 * it: what every run of the lifecycle (each commit) reads first.
 */
export async function loadConfigCached(options: LoadConfigOptions & { readOnly?: boolean }): Promise<LoadedConfig> {
  return cachedLoad(options);
}

/**
 * The cache never holds what the environment may have changed. A config that is data (JSON, YAML,
 * a `package.json` key, or none) is a function of its bytes: its cache holds while every config
 * file the search could find keeps its stamp (`fileStamp`: a new config file, or an edit, means
 * loading again). A config that is code (`code-config.ts`) may give another result in another
 * environment (`team: { name: process.env.TEAM_NAME }`, a salt from `FLOWFORGE_SALT`), or after
 * a file it imports changed, which no stamp shows: it is evaluated on every run, and only its
 * validation is kept, keyed by what it evaluated to. Either way the key holds this
 * build and Node's version (`codeStamp`: the time zones ICU knows). `fresh` (`flowforge config`)
 * validates anew; `readOnly` (a dry run) never writes the cache.
 */
async function cachedLoad(options: LoadConfigOptions & { fresh?: boolean; readOnly?: boolean }): Promise<LoadedConfig> {
  const repoRoot = repoRootOf(options);
  const candidates = options.configPath ? [resolve(options.cwd, options.configPath)] : searchCandidates(options.cwd, repoRoot);
  const stampKey = JSON.stringify([codeStamp(), ...candidates.map((file) => [file, fileStamp(file)])]);
  const cached = repoRoot && !options.fresh ? asCachedConfig(readRuntimeCache(repoRoot, CACHE_FILE)) : undefined;
  if (cached?.key === stampKey) return { file: cached.file, dir: cached.dir, config: cached.config };

  const { readConfigSource, validateSource } = await import('./load.js');
  const source = await readConfigSource(options);
  const { raw: _raw, ...found } = source;
  const key = source.evaluated === undefined ? stampKey : evaluationKey(source);
  if (key !== null && cached?.key === key) return { ...found, config: cached.config };
  const config = await validateSource(source, options.cwd);
  if (key !== null && repoRoot && !options.readOnly) {
    const entry: CachedConfig = { key, file: found.file, dir: found.dir, config };
    await writeRuntimeCache(repoRoot, CACHE_FILE, `${JSON.stringify(entry)}\n`);
  }
  return { ...found, config };
}

/**
 * The key of a code config's validation: what it evaluated to. `null` (validated every time) when
 * that is more than JSON data, such as an inline plugin object, whose functions no JSON holds.
 */
function evaluationKey({ file, raw, evaluated }: ConfigSource): string | null {
  return evaluated?.json != null && isJsonData(raw) ? JSON.stringify([codeStamp(), file, evaluated.json]) : null;
}

/**
 * Stamps of this module and of the schema's module beside it: a new FlowForge version or build
 * rewrites them (in the CLI's bundle the schema has no file of its own, and every build rewrites
 * the bundle whole). And Node's version: whether `team.timezone` is valid is its ICU's answer.
 */
function codeStamp(): string {
  return [process.version, ...[import.meta.url, new URL('./schema.js', import.meta.url).href].map((url) => fileStamp(fileURLToPath(url)))].join(' ');
}

function asCachedConfig(value: unknown): CachedConfig | undefined {
  const cached = value as Partial<CachedConfig> | undefined;
  return typeof cached?.key === 'string' && typeof cached.dir === 'string' && typeof cached.config === 'object' && cached.config !== null ? (cached as CachedConfig) : undefined;
}
