import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isJsonData } from './config/json-data.js';
import { type FlowForgePlugin, type PluginSource, validatePluginOptions } from './plugin.js';
import { fileStamp } from './store/file-stamp.js';
import { readRuntimeCache, writeRuntimeCache } from './store/runtime-cache.js';

const CACHE_FILE = '.flowforge/daemon/plugin-options.json';

interface Entry {
  code: string;
  raw: string;
  options: unknown;
}

/**
 * Plugin options as validated before, by plugin name: validating builds the plugin's schema and
 * loads zod, a good part of a commit for the first-party plugins, whose schemas load on demand
 * (`FlowForgePlugin.options`). An entry holds while the raw options are the same JSON and the
 * plugin's code is the same (`codeOf`); options that are not plain JSON, before or after
 * validation, are validated every time.
 *
 * That is sound only for a schema that reads nothing but the options: one that reads the
 * environment (the GitHub plugin's `baseUrl` defaults to `GITHUB_API_URL`) validates to another
 * result in another shell, which no key here shows. So the plugin loader asks this cache only
 * about plugins compiled into the CLI whose schemas are known to be such
 * (`LoadPluginsOptions.pureOptions`); every other plugin's options are validated on every run.
 */
export class ValidatedOptions {
  #changed = false;

  private constructor(
    readonly repoRoot: string | null,
    readonly entries: Record<string, Entry>,
  ) {}

  static read(repoRoot: string | null): ValidatedOptions {
    const entries = repoRoot === null ? undefined : readRuntimeCache(repoRoot, CACHE_FILE);
    return new ValidatedOptions(repoRoot, typeof entries === 'object' && entries !== null ? (entries as Record<string, Entry>) : {});
  }

  /** Whether the options of the plugin of this name, from this source, were validated before as they are now. */
  holds(name: string, raw: unknown, source: PluginSource): boolean {
    return this.#known(name, keyOf(raw, source)) !== undefined;
  }

  async of(plugin: FlowForgePlugin, raw: unknown, where: { file: string; entry: string }, source: PluginSource): Promise<unknown> {
    const key = keyOf(raw, source);
    const known = this.#known(plugin.name, key);
    if (known) return known.options;
    const options = await validatePluginOptions(plugin, raw, where);
    if (key.text !== undefined && key.code !== undefined && isJsonData(options ?? null)) {
      this.entries[plugin.name] = { code: key.code, raw: key.text, options };
      this.#changed = true;
    }
    return options;
  }

  #known(name: string, { code, text }: { code: string | undefined; text: string | undefined }): Entry | undefined {
    const known = this.entries[name];
    return text !== undefined && known !== undefined && known.code === code && known.raw === text ? known : undefined;
  }

  async save(): Promise<void> {
    if (this.#changed && this.repoRoot !== null) await writeRuntimeCache(this.repoRoot, CACHE_FILE, `${JSON.stringify(this.entries)}\n`);
  }
}

/** What an entry is kept under: the plugin's code, and its raw options as JSON text (`undefined` when they are more than JSON). */
function keyOf(raw: unknown, source: PluginSource): { code: string | undefined; text: string | undefined } {
  const code = codeOf(source);
  return { code, text: code !== undefined && isJsonData(raw ?? null) ? JSON.stringify(raw ?? null) : undefined };
}

/**
 * What identifies a plugin's code: the stamp of its file; for one compiled into the CLI, the
 * stamp of this module, which every build of the CLI's bundle rewrites. Inline plugins (objects in
 * the config) have none.
 */
function codeOf(source: PluginSource): string | undefined {
  if (isAbsolute(source.from)) return fileStamp(source.from);
  return source.bundled ? fileStamp(fileURLToPath(import.meta.url)) : undefined;
}
