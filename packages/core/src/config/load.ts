import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtin } from '../builtins.js';
import { flowForgeError, reasonOf } from '../errors.js';
import { findRepoRoot } from '../repo.js';
import { CONFIG_SEARCH_PLACES, displayPath, searchCandidates } from './search.js';
import type { FlowForgeConfig } from './schema.js';

export { CONFIG_SEARCH_PLACES, displayPath } from './search.js';

export interface LoadedConfig {
  /** Absolute path of the config file, or `null` when none was found and defaults apply. */
  file: string | null;
  /** Where relative plugin paths resolve from: the config file's folder, else the search start. */
  dir: string;
  config: FlowForgeConfig;
}

export interface LoadConfigOptions {
  cwd: string;
  /** `--config PATH`: use this file and search nowhere else. */
  configPath?: string;
}

/**
 * Finds, reads and validates the team config. The search goes from `cwd` up to the top of the
 * git work tree (never past it: a config in a parent folder belongs to another project).
 */
export async function loadConfig({ cwd, configPath }: LoadConfigOptions): Promise<LoadedConfig> {
  const candidates = configPath ? [explicitFile(cwd, configPath)] : searchCandidates(cwd);
  for (const file of candidates) {
    let raw: unknown;
    try {
      raw = await settledWithin(JS_EXTENSIONS.has(extname(file)) ? importDefault(file) : loadWithCosmiconfig(file), LOAD_TIMEOUT_MS);
    } catch (thrown) {
      if (thrown === TIMED_OUT) throw flowForgeError('FF_CONFIG_TIMEOUT', { file: displayPath(cwd, file), seconds: LOAD_TIMEOUT_MS / 1000 });
      throw flowForgeError('FF_CONFIG_SYNTAX', { file: displayPath(cwd, file), reason: loadFailure(file, thrown) }, thrown);
    }
    // A package.json without a "flowforge" key is not a config; keep looking.
    if (raw == null && basename(file) === 'package.json' && !configPath) continue;
    return { file, dir: dirname(file), config: await validated(raw ?? {}, displayPath(cwd, file)) };
  }
  return { file: null, dir: findRepoRoot(cwd) ?? cwd, config: await validated({}, '(defaults)') };
}

/**
 * A JavaScript config runs code as it loads: one that never settles (an `await` on a promise that
 * never ends) would leave every command waiting, or exiting with nothing done and nothing said.
 */
const LOAD_TIMEOUT_MS = 5_000;
const TIMED_OUT = Symbol('timed out');

function settledWithin<T>(loading: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
  });
  return Promise.race([loading, timeout]).finally(() => clearTimeout(timer));
}

/** zod and the schema load only here: a run whose config is cached (`loadConfigCached`) needs neither. */
async function validated(raw: unknown, file: string): Promise<FlowForgeConfig> {
  return (await import('./validate.js')).validateConfig(raw, file);
}

/** Configs that are modules: imported directly, as cosmiconfig would (see `importDefault`). */
const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/**
 * JSON, YAML, `package.json` and TypeScript configs, through cosmiconfig's loaders. Loaded only for
 * them: cosmiconfig and its parsers are ~70 modules that a `flowforge.config.mjs`, the usual
 * config, does not need on every commit.
 */
async function loadWithCosmiconfig(file: string): Promise<unknown> {
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('flowforge', {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    searchStrategy: 'none',
    cache: false,
    loaders: { '.js': importDefault, '.mjs': importDefault, '.cjs': importDefault },
  });
  return (await explorer.load(file))?.config;
}

/**
 * `import()` loads ES modules and CommonJS alike. cosmiconfig's own JS loader retries a failed
 * import with `require`, which on Node 20 turns a plain syntax error into an internal assertion.
 */
async function importDefault(file: string): Promise<unknown> {
  return ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
}

function explicitFile(cwd: string, configPath: string): string {
  const file = resolve(cwd, configPath);
  if (!existsSync(file)) throw flowForgeError('FF_CONFIG_NOT_FOUND', { file: displayPath(cwd, file) });
  return file;
}

/** A load failure in a sentence; for a JavaScript syntax error, with the line it is on. */
function loadFailure(file: string, thrown: unknown): string {
  const reason = reasonOf(thrown).replace(/^JSON Error in [^\n]*:\n/, '');
  const line = thrown instanceof SyntaxError ? syntaxErrorLine(file) : null;
  return line ? `line ${line}: ${reason}` : reason;
}

/**
 * `import()` does not say where a syntax error is, but `node --check` does (`file:3` on its first
 * line). This spawns a process only on the error path, when the user needs the line.
 */
function syntaxErrorLine(file: string): string | null {
  const { stderr } = builtin.childProcess().spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  return /^.+:(\d+)$/m.exec(stderr ?? '')?.[1] ?? null;
}
