import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { builtin } from '../builtins.js';
import { flowForgeError, reasonOf } from '../errors.js';
import { repoRootOf } from '../repo.js';
import { evaluatedJson, importDefault, isCodeConfig, JS_EXTENSIONS, LOAD_TIMEOUT_MS, settledWithin, TIMED_OUT } from './code-config.js';
import { CONFIG_SEARCH_PLACES, displayPath, searchCandidates } from './search.js';
import type { FlowForgeConfig } from './schema.js';

export { CONFIG_SEARCH_PLACES, displayPath } from './search.js';

export interface LoadedConfig {
  /** Absolute path of the config file, or `null` when none was found and defaults apply. */
  file: string | null;
  /** Where relative plugin paths resolve from: the config file's folder, else the search start. */
  dir: string;
  config: FlowForgeConfig;
  /**
   * For a config that is code (`code-config.ts`): the file, and what it evaluated to as JSON text
   * (`null` when that has no JSON form), which the hook's fast path compares (`convergence.ts`).
   * Absent for JSON and YAML configs, and for the defaults.
   */
  evaluated?: EvaluatedConfig;
}

export interface EvaluatedConfig {
  file: string;
  json: string | null;
}

export interface LoadConfigOptions {
  cwd: string;
  /** `--config PATH`: use this file and search nowhere else. */
  configPath?: string;
  /** The work tree's top for `cwd`, when the caller found it already (`null`: not in one). */
  repoRoot?: string | null;
}


/**
 * Finds, reads and validates the team config. The search goes from `cwd` up to the top of the
 * git work tree (never past it: a config in a parent folder belongs to another project).
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const source = await readConfigSource(options);
  return { ...source, config: await validateSource(source, options.cwd) };
}

/** A config as found and read (or evaluated), before validation: `raw` is `{}` for the defaults. */
export interface ConfigSource extends Omit<LoadedConfig, 'config'> {
  raw: unknown;
}

/** Finds the team config and reads it, or evaluates it when it is code, without validating it. */
export async function readConfigSource({ cwd, configPath, repoRoot }: LoadConfigOptions): Promise<ConfigSource> {
  const candidates = configPath ? [explicitFile(cwd, configPath)] : searchCandidates(cwd, repoRootOf({ cwd, repoRoot }));
  for (const file of candidates) {
    let raw: unknown;
    try {
      raw = await (JS_EXTENSIONS.has(extname(file)) ? importDefault(file) : settledWithin(loadWithCosmiconfig(file), LOAD_TIMEOUT_MS));
    } catch (thrown) {
      if (thrown === TIMED_OUT) throw flowForgeError('FF_CONFIG_TIMEOUT', { file: displayPath(cwd, file), seconds: LOAD_TIMEOUT_MS / 1000 });
      throw flowForgeError('FF_CONFIG_SYNTAX', { file: displayPath(cwd, file), reason: loadFailure(file, thrown) }, thrown);
    }
    // A package.json without a "flowforge" key is not a config; keep looking.
    if (raw == null && basename(file) === 'package.json' && !configPath) continue;
    return { file, dir: dirname(file), raw: raw ?? {}, ...(isCodeConfig(file) ? { evaluated: { file, json: evaluatedJson(raw) } } : {}) };
  }
  return { file: null, dir: repoRootOf({ cwd, repoRoot }) ?? cwd, raw: {} };
}

/** The config checked against its schema, defaults filled in; `FF_CONFIG_INVALID` names every problem. */
export function validateSource({ file, raw }: ConfigSource, cwd: string): Promise<FlowForgeConfig> {
  return validated(raw, file ? displayPath(cwd, file) : '(defaults)');
}

/** zod and the schema load only here: a run whose config is cached (`loadConfigCached`) needs neither. */
async function validated(raw: unknown, file: string): Promise<FlowForgeConfig> {
  return (await import('./validate.js')).validateConfig(raw, file);
}

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
