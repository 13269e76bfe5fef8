import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { flowForgeError, reasonOf } from '../errors.js';
import { findRepoRoot } from '../repo.js';
import { toConfigIssues } from './issues.js';
import { configSchema, type FlowForgeConfig } from './schema.js';

/** SPEC §3: every name a team may give its config file, in the order they are looked for. */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.flowforgerc',
  '.flowforgerc.json',
  '.flowforgerc.yaml',
  '.flowforgerc.yml',
  'flowforge.config.js',
  'flowforge.config.mjs',
  'flowforge.config.cjs',
  'flowforge.config.ts',
] as const;

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
  const explorer = cosmiconfig('flowforge', { searchPlaces: [...CONFIG_SEARCH_PLACES], searchStrategy: 'none', cache: false });
  const candidates = configPath ? [explicitFile(cwd, configPath)] : searchCandidates(cwd);
  for (const file of candidates) {
    let raw: unknown;
    try {
      raw = (await explorer.load(file))?.config;
    } catch (thrown) {
      throw flowForgeError('FF_CONFIG_SYNTAX', { file: displayPath(cwd, file), reason: loadFailure(thrown) }, thrown);
    }
    // A package.json without a "flowforge" key is not a config; keep looking.
    if (raw == null && basename(file) === 'package.json' && !configPath) continue;
    return { file, dir: dirname(file), config: validateConfig(raw ?? {}, displayPath(cwd, file)) };
  }
  return { file: null, dir: findRepoRoot(cwd) ?? cwd, config: validateConfig({}, '(defaults)') };
}

export function validateConfig(raw: unknown, file: string): FlowForgeConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw flowForgeError('FF_CONFIG_INVALID', { file, issues: toConfigIssues(result.error) });
}

function explicitFile(cwd: string, configPath: string): string {
  const file = resolve(cwd, configPath);
  if (!existsSync(file)) throw flowForgeError('FF_CONFIG_NOT_FOUND', { file: displayPath(cwd, file) });
  return file;
}

/** Existing files named like a config, nearest folder first, up to the work tree's top. */
function searchCandidates(cwd: string): string[] {
  const stop = findRepoRoot(cwd) ?? cwd;
  const found: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const place of CONFIG_SEARCH_PLACES) {
      const file = join(dir, place);
      if (existsSync(file)) found.push(file);
    }
    if (dir === stop || dirname(dir) === dir) return found;
  }
}

/** Paths inside the current folder are shown relative to it, as git shows them. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * Node reports an ES module syntax error's location only in the first line of the stack
 * (`file:///…/flowforge.config.mjs:3`); keep that line number, drop the rest of the stack.
 */
function loadFailure(thrown: unknown): string {
  const reason = reasonOf(thrown).replace(/^JSON Error in [^\n]*:\n/, '');
  const firstLine = thrown instanceof Error ? thrown.stack?.split('\n', 1)[0] : undefined;
  const location = firstLine?.match(/^file:\/\/\S+:(\d+)$/);
  return location ? `line ${location[1]}: ${reason}` : reason;
}
