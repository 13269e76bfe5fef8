// Bundles the built CLI (`dist/`) into `bundle/`: one file per entry (`hook.cjs`, `main.cjs`) and a
// chunk per lazily imported command or plugin. Node's ES module loader costs ~0.5 ms per file
// (resolve, read, compile, link), and a full hook run touched ~150 files; the bundle loads a few,
// as CommonJS, which Node loads ~10 ms sooner than the same code as ES modules (measured on
// `flowforge --version`). Config files, third-party plugins and husky still load with `import()`.
// `dist/` stays the source of truth for tests and types; only `bin/flowforge.cjs` runs the bundle.
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const cli = fileURLToPath(new URL('..', import.meta.url));
const out = `${cli}bundle`;

/**
 * commander requires `child_process` when it loads (~4 ms: it brings `net` and streams) for
 * executable subcommands, which FlowForge does not have; every command paid for it. Here it is
 * required on first use instead. The build fails if commander changes that line.
 */
const lazyChildProcessInCommander = {
  name: 'lazy-child-process-in-commander',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) this.error(`commander no longer has \`${eager}\`: review lazyChildProcessInCommander`);
    return code.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
  },
};

/**
 * The config's schema module has no side effects when it loads (it builds the schema on first
 * use), but rolldown cannot know: core's index re-exports it, so every command would load it and,
 * through it, zod. Declared here, a command that never validates a config loads neither.
 */
const configSchemaWithoutSideEffects = {
  name: 'config-schema-without-side-effects',
  transform(_code, id) {
    return /[\\/]core[\\/]dist[\\/]config[\\/](schema|validate)\.js$/.test(id) ? { moduleSideEffects: false } : null;
  },
};

/**
 * Every chunk in ASCII, other characters written as `\uXXXX`: V8 keeps a source with any other
 * character as two bytes per character, and Node decodes pure ASCII ~2.5× faster (the hook loads
 * ~300 KB; our comments and messages have dashes and arrows). The escape means the same inside
 * strings, templates, regular expressions and identifiers, and is plain text in comments; only
 * `String.raw` would see it, so the build fails if a chunk uses it.
 */
const NOT_ASCII = /[^\u0000-\u007f]/g; // eslint-disable-line no-control-regex -- the range starts at NUL on purpose
const asciiOnly = {
  name: 'ascii-only',
  // On the final code: rolldown prints string literals again after `renderChunk`, unescaped.
  generateBundle(_options, output) {
    for (const chunk of Object.values(output)) {
      if (chunk.type !== 'chunk' || chunk.code.search(NOT_ASCII) === -1) continue;
      if (chunk.code.includes('String.raw')) this.error(`${chunk.fileName} uses String.raw: review asciiOnly`);
      chunk.code = chunk.code.replace(NOT_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
  },
};

const bundle = await rolldown({
  cwd: cli,
  input: { hook: 'dist/hook.js', main: 'dist/main.js' },
  platform: 'node',
  // husky copies a file from beside its own module; typescript is what cosmiconfig loads, lazily,
  // for a `flowforge.config.ts` (and is 9 MB).
  external: ['husky', 'typescript'],
  plugins: [lazyChildProcessInCommander, configSchemaWithoutSideEffects, asciiOnly],
  // The entries' exports are used only by bin/flowforge.cjs; manual chunks may add to them.
  preserveEntrySignatures: 'allow-extension',
  logLevel: 'warn',
});
rmSync(out, { recursive: true, force: true });
const { output } = await bundle.write({
  dir: out,
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name]-[hash].cjs',
  // zod, and the config's schema (which requires zod as it loads), each in a chunk of their own:
  // left to itself, rolldown puts them beside `definePlugin`, and every plugin would load zod,
  // which a commit whose config and plugin options were validated before does not need. And the
  // hook's fast path (its convergence check, with what it imports) in one chunk, not one each.
  codeSplitting: {
    groups: [
      { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/ },
      { name: 'config-schema', test: /[\\/]core[\\/]dist[\\/]config[\\/](schema|validate)\.js$/, includeDependenciesRecursively: false },
      { name: 'hook-check', test: /[\\/]core[\\/]dist[\\/]aggregation[\\/]convergence\.js$/ },
    ],
  },
});
await bundle.close();

// Which source modules each chunk holds (paths relative to `bundle/`), so that tools and tests can
// still tell what a command loads, e.g. that `--version` loads no zod.
const modules = Object.fromEntries(
  output.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk.moduleIds.filter((id) => !id.startsWith('\0')).map((id) => relative(out, id).replaceAll('\\', '/'))]),
);
writeFileSync(`${out}/modules.json`, `${JSON.stringify(modules, null, 1)}\n`);
