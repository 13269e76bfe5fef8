// Bundles the built CLI (`dist/`) into `bundle/`: one file per entry (`hook.cjs`, `main.cjs`) and a
// chunk per lazily imported command or plugin, so that a run loads a few CommonJS files instead
// of the hundred-odd ES modules of `dist/`, each of which Node resolves, reads, compiles and links
// on its own. Config files, third-party plugins and husky still load with `import()`. `dist/`
// stays the source of truth for tests and types; only `bin/flowforge.cjs` runs the bundle. A plain
// configuration: no plugin rewrites any source, ours or a dependency's.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
  treeshake: {
    // The config's schema module has no side effects when it loads (it builds the schema on first
    // use), but rolldown cannot know: core's index re-exports it, so every command would load it
    // and, through it, zod. Declared here, a command that never validates a config loads neither.
    // Any other module: rolldown's default (its package.json `sideEffects`, else true).
    moduleSideEffects: (id) => (/[\\/]core[\\/]dist[\\/]config[\\/](schema|validate)\.js$/.test(id) ? false : undefined),
  },
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

// The bundle carries code of the third-party packages it compiles in, whose licenses (MIT and the
// like) ask that their notices go with every copy: the published CLI ships them in this file.
const packageDirs = new Set(
  Object.values(modules)
    .flat()
    .map((id) => /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(join(out, id))?.[1])
    .filter((dir) => dir !== undefined),
);
const notices = [...packageDirs]
  .map((dir) => {
    const { name, version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `${license} (the package ships no license file)`;
    return { name, version, license, text };
  })
  .sort((a, b) => (a.name < b.name ? -1 : 1));
writeFileSync(
  `${out}/THIRD-PARTY-LICENSES.md`,
  `# Third-party code in this bundle\n\nThe files of \`bundle/\` include code of these packages, under their own licenses.\n${notices
    .map(({ name, version, license, text }) => `\n## ${name}@${version} (${license})\n\n\`\`\`\n${text}\n\`\`\`\n`)
    .join('')}`,
);
