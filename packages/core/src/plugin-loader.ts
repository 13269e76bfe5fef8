import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { displayPath, type LoadedConfig } from './config/load.js';
import type { PluginEntry } from './config/schema.js';
import { flowForgeError, reasonOf } from './errors.js';
import type { Kernel } from './kernel.js';
import { type FlowForgePlugin, isFlowForgePlugin, type PluginSource, validatePluginOptions } from './plugin.js';
import { ValidatedOptions } from './plugin-options-cache.js';
import { repoRootOf } from './repo.js';

/** Packages that the CLI ships and may supply when the team repo has not installed them. */
const FIRST_PARTY_SCOPE = '@flowforge/';
/** Where a plugin compiled into the CLI's bundle comes from (`PluginSource.from`). */
const COMPILED_IN = '@flowforge/cli';

export interface PreloadedPlugins {
  version: string;
  plugins: ReadonlyMap<string, () => Promise<FlowForgePlugin>>;
}

export interface LoadPluginsOptions {
  /** The current folder, for paths in messages. */
  cwd: string;
  /** The work tree's top for `cwd`, when the caller found it already. */
  repoRoot?: string | null;
  /**
   * A file inside the CLI's own installation (its `import.meta.url`): first-party plugins resolve
   * from there when the team repo lacks them (docs/plugins.md).
   */
  bundledFrom?: string;
  /**
   * First-party plugins compiled into the CLI's own bundle, by package name, each loaded on
   * demand, and their version (first-party packages are released together, at one version):
   * used instead of importing an installed copy of that version (the same code), which would
   * load a second @flowforge/core and zod. A team's own installation of another version (a
   * `node_modules/<name>` from the config's folder up) wins.
   */
  preloaded?: PreloadedPlugins;
  /**
   * Plugins of `preloaded` whose option schemas read nothing but the options (no environment,
   * file or clock): their validated options may be kept from one run to the next
   * (`plugin-options-cache.ts`). Every other plugin's options are validated on every run.
   */
  pureOptions?: ReadonlySet<string>;
  /** A dry run: validated options are read from their cache but never written to it. */
  readOnly?: boolean;
}

/**
 * Loads every plugin of the config, in order: resolves it, imports it, validates its options with
 * its own schema, then applies it to the kernel. Stops at the first plugin that cannot load, with
 * an error that names its config entry.
 */
export async function loadPlugins(kernel: Kernel, loaded: LoadedConfig, options: LoadPluginsOptions): Promise<void> {
  const file = loaded.file ? displayPath(options.cwd, loaded.file) : '(defaults)';
  const seen = new Set<string>();
  const validated = ValidatedOptions.read(repoRootOf(options));
  for (const [index, entry] of loaded.config.plugins.entries()) {
    const where = { file, entry: `plugins[${index}]` };
    const { target, rawOptions } = splitEntry(entry);
    const { plugin, source } =
      typeof target === 'string'
        ? await importPlugin(target, where.entry, loaded.dir, file, options)
        : { plugin: target, source: { entry: where.entry, from: 'inline', bundled: false } };
    if (seen.has(plugin.name)) throw flowForgeError('FF_PLUGIN_DUPLICATE', { file, index, name: plugin.name });
    seen.add(plugin.name);
    const pure = source.from === COMPILED_IN && (options.pureOptions?.has(plugin.name) ?? false);
    const validOptions = pure ? await validated.of(plugin, rawOptions, where, source) : await validatePluginOptions(plugin, rawOptions, where);
    await kernel.use(plugin, validOptions, { config: loaded.config, configDir: loaded.dir }, source);
  }
  if (!options.readOnly) await validated.save();
}

/**
 * Loads one plugin by name or path, as a config entry would, for a command that needs a plugin
 * the config does not list (`flowforge migrate v2` and the v1 importer).
 */
export async function usePlugin(
  kernel: Kernel,
  specifier: string,
  rawOptions: unknown,
  loaded: LoadedConfig,
  options: LoadPluginsOptions & { entry: string; /** The command it is loaded for, the config not listing it. */ loadedFor?: string },
): Promise<void> {
  const file = loaded.file ? displayPath(options.cwd, loaded.file) : '(defaults)';
  const { plugin, source } = await importPlugin(specifier, options.entry, loaded.dir, file, options);
  const validOptions = await validatePluginOptions(plugin, rawOptions, { file, entry: options.entry });
  await kernel.use(plugin, validOptions, { config: loaded.config, configDir: loaded.dir, loadedFor: options.loadedFor ?? null }, { ...source, entry: options.entry });
}

function splitEntry(entry: PluginEntry): { target: string | FlowForgePlugin; rawOptions: unknown } {
  if (Array.isArray(entry)) return { target: entry[0], rawOptions: entry[1] };
  return { target: entry, rawOptions: undefined };
}

async function importPlugin(
  specifier: string,
  entry: string,
  configDir: string,
  file: string,
  { bundledFrom, preloaded }: Pick<LoadPluginsOptions, 'bundledFrom' | 'preloaded'>,
): Promise<{ plugin: FlowForgePlugin; source: PluginSource }> {
  const compiledIn = preloaded?.plugins.get(specifier);
  const installed = compiledIn ? installedVersion(specifier, configDir) : undefined;
  if (compiledIn && (installed === undefined || installed === preloaded?.version)) {
    return { plugin: await compiledIn(), source: { entry, from: COMPILED_IN, bundled: true } };
  }
  const found = await locate(specifier, configDir, bundledFrom);
  if (!found) throw flowForgeError('FF_PLUGIN_NOT_FOUND', { file, entry, specifier, from: configDir });
  let module: { default?: unknown };
  try {
    module = (await import(found.url)) as { default?: unknown };
  } catch (thrown) {
    const outside = /^The requested module '@flowforge\/core' does not provide an export named '([^']+)'/.exec(reasonOf(thrown));
    if (outside) throw flowForgeError('FF_PLUGIN_API', { file, entry, specifier, name: outside[1] as string }, thrown);
    throw flowForgeError('FF_PLUGIN_INVALID', { file, entry, specifier, reason: `it failed to load: ${reasonOf(thrown)}` }, thrown);
  }
  if (!isFlowForgePlugin(module.default)) {
    const reason = 'its default export is not an object with a `name` and an `apply` function';
    throw flowForgeError('FF_PLUGIN_INVALID', { file, entry, specifier, reason });
  }
  return {
    plugin: module.default,
    source: { entry, from: fileURLToPath(found.url), bundled: found.bundled },
  };
}

async function locate(specifier: string, configDir: string, bundledFrom: string | undefined): Promise<{ url: string; bundled: boolean } | null> {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolvePath(configDir, specifier);
    return existsSync(path) ? { url: pathToFileURL(path).href, bundled: false } : null;
  }
  const own = await tryResolve(specifier, pathToFileURL(`${configDir}/`).href);
  if (own) return { url: own, bundled: false };
  if (bundledFrom && specifier.startsWith(FIRST_PARTY_SCOPE)) {
    const bundled = await tryResolve(specifier, bundledFrom);
    if (bundled) return { url: bundled, bundled: true };
  }
  return null;
}

/**
 * The version of the package of that name installed where Node would look for it from `dir` (a
 * `node_modules/<name>` folder in `dir` or a folder above it), or `undefined` when there is none.
 * Looked up by hand: import-meta-resolve builds an error for every missing package, and every
 * commit asks for the first-party plugins a team has not installed.
 */
function installedVersion(specifier: string, dir: string): string | undefined {
  for (let current = resolvePath(dir); ; current = dirname(current)) {
    const manifest = join(current, 'node_modules', ...specifier.split('/'), 'package.json');
    if (existsSync(manifest)) {
      try {
        return String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version);
      } catch {
        return ''; // unreadable: not ours to vouch for, so it is imported and fails as itself
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Node's resolution for `import` (import-meta-resolve, loaded on first use: it brings `assert` with it). */
async function tryResolve(specifier: string, parent: string): Promise<string | null> {
  const { resolve: resolveModule } = await import('import-meta-resolve');
  try {
    const url = resolveModule(specifier, parent);
    // import-meta-resolve answers with a URL even for a missing file in a found package.
    return url.startsWith('file:') && !existsSync(fileURLToPath(url)) ? null : url;
  } catch {
    return null;
  }
}
