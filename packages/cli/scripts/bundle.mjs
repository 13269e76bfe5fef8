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

const bundle = await rolldown({
  cwd: cli,
  input: { hook: 'dist/hook.js', main: 'dist/main.js' },
  platform: 'node',
  // husky copies a file from beside its own module; typescript is what cosmiconfig loads, lazily,
  // for a `flowforge.config.ts` (and is 9 MB).
  external: ['husky', 'typescript'],
  logLevel: 'warn',
});
rmSync(out, { recursive: true, force: true });
const { output } = await bundle.write({ dir: out, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' });
await bundle.close();

// Which source modules each chunk holds (paths relative to `bundle/`), so that tools and tests can
// still tell what a command loads, e.g. that `--version` loads no zod.
const modules = Object.fromEntries(
  output.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk.moduleIds.filter((id) => !id.startsWith('\0')).map((id) => relative(out, id).replaceAll('\\', '/'))]),
);
writeFileSync(`${out}/modules.json`, `${JSON.stringify(modules, null, 1)}\n`);
