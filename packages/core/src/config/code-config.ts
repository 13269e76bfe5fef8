import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Configs that are code: what they evaluate to may depend on anything they read as they run —
 * the environment (`process.env.TEAM_NAME`, a pseudonym salt from `FLOWFORGE_SALT`), other files,
 * the clock. So nothing derived from one is kept from one run to the next without evaluating it
 * again: its file's stamp says nothing about its result. JSON and YAML configs are data: their
 * bytes are their result.
 */

/** Configs that are modules: imported directly, as cosmiconfig would (see `importDefault`). */
export const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/** A config that runs code as it loads (JavaScript, or TypeScript through cosmiconfig). */
export const isCodeConfig = (file: string): boolean => JS_EXTENSIONS.has(extname(file)) || extname(file) === '.ts';

/**
 * A JavaScript config runs code as it loads: one that never settles (an `await` on a promise that
 * never ends) would leave every command waiting, or exiting with nothing done and nothing said.
 */
export const LOAD_TIMEOUT_MS = 5_000;
export const TIMED_OUT = Symbol('timed out');

export function settledWithin<T>(loading: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
  });
  return Promise.race([loading, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A JavaScript config's default export (a CommonJS config's `module.exports`). Through `require`
 * where Node can require an ES module (20.19 on): a config is evaluated on every run, and the
 * asynchronous module loader that `import()` starts costs more than the config. An ES module
 * with top-level await cannot be required, and older Nodes require none: those are imported,
 * which loads ES modules and CommonJS alike, within `LOAD_TIMEOUT_MS` (only such a module can
 * keep a config from settling). (cosmiconfig's own JS loader retries a failed import with
 * `require`, which on Node 20 turns a plain syntax error into an internal assertion.)
 */
export async function importDefault(file: string): Promise<unknown> {
  if (process.features.require_module) {
    try {
      const loaded = createRequire(file)(file) as unknown;
      return isModuleNamespace(loaded) ? loaded.default : loaded;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
    }
  }
  return ((await settledWithin(import(pathToFileURL(file).href), LOAD_TIMEOUT_MS)) as { default?: unknown }).default;
}

/** What `require` gives for an ES module: its namespace, as `import()` would. */
const isModuleNamespace = (value: unknown): value is { default?: unknown } =>
  typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Module]';

/**
 * What a code config evaluated to, as JSON text (functions, such as an inline plugin's, drop out;
 * edits to them change the file, whose stamp is checked too), or `null` when it has no JSON form
 * (a cycle, a BigInt) and so cannot be compared. Kept as text, not hashed: a config is small, and
 * the hook's fast path compares it without loading `crypto`.
 */
export function evaluatedJson(raw: unknown): string | null {
  try {
    return JSON.stringify(raw) ?? 'undefined';
  } catch {
    return null;
  }
}
