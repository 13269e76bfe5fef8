// `npm run release:pack [-- --out DIR]`: the tarballs of every published package (`packages/*`,
// `plugins/*`), as `npm publish` would upload them, in `release/` (or DIR), which holds one release
// at a time. It packs what `npm run build` made and does not build: the tests pack while other
// tests run the CLI's bundle, which a build would rewrite under them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'release') } } });
const out = resolve(values.out);

if (!existsSync(join(root, 'packages/cli/bundle/main.cjs'))) {
  console.error('release:pack: the CLI is not built (packages/cli/bundle/main.cjs is missing).\n  Run `npm run build` first.');
  process.exit(2);
}

mkdirSync(out, { recursive: true });
for (const file of readdirSync(out)) if (file.endsWith('.tgz')) rmSync(join(out, file));

// npm's own packing (its `files`, README and LICENSE rules), so the tarballs are what a publish uploads.
const pack = spawnSync('npm', ['pack', '--workspace', 'packages', '--workspace', 'plugins', '--pack-destination', out, '--json'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  shell: process.platform === 'win32',
});
if (pack.status !== 0) process.exit(pack.status ?? 1);
for (const { filename, size } of JSON.parse(pack.stdout)) console.log(`${join(out, filename)}  ${Math.round(size / 1000)} kB`);
