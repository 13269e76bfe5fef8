// `npm run demo`: sets up a temporary team repo the way a team admin would, and shows what
// FlowForge resolved. It grows with the product: tracking, the hook and reports join as they land.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/flowforge.js', import.meta.url));
const repo = mkdtempSync(join(tmpdir(), 'flowforge-demo-'));

function step(title) {
  console.log(`\n▸ ${title}`);
}

function flowforge(...args) {
  console.log(`$ flowforge ${args.join(' ')}`);
  process.stdout.write(execFileSync(process.execPath, [CLI, ...args], { cwd: repo, encoding: 'utf8' }));
}

try {
  execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repo });
  step('A team admin commits a config: Berlin time, EUR rates, day granularity rounded up to 15 minutes');
  writeFileSync(
    join(repo, 'flowforge.config.mjs'),
    `export default {
  team: { name: 'acme', timezone: 'Europe/Berlin' },
  billing: { currency: 'EUR', rates: { default: 100, users: { alice: 120 }, issues: { '42': 150 } } },
  plugins: [
    ['@flowforge/plugin-granularity', { period: 'day', rounding: { increment: '15m', mode: 'up', scope: 'entry' } }],
    '@flowforge/plugin-backup',
  ],
};
`,
  );
  flowforge('config');
  step('The kernel loads the plugins and shows which lifecycle hooks they tap');
  flowforge('plugins');
} finally {
  rmSync(repo, { recursive: true, force: true });
}
