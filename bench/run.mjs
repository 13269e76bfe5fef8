// `npm run bench`: runs every bench/*.bench.mjs (or those named on the command line), prints
// its table and writes the figures to bench/results/<name>.json.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from './lib/measure.mjs';

const only = process.argv.slice(2);
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.bench.mjs'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

console.log(`node ${process.version}, ${cpus().length} cores; ratios are medians against \`node -e 0\` in the same run`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
// Backups taken by the benches' aggregations go to a temporary FLOWFORGE_HOME, removed at the end.
process.env.FLOWFORGE_HOME = mkdtempSync(join(tmpdir(), 'flowforge-bench-home-'));
try {
  for (const file of benches) {
    const bench = await import(new URL(file, import.meta.url));
    const rows = await bench.default();
    printTable(bench.title, rows);
    const name = file.replace('.bench.mjs', '');
    writeFileSync(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
  }
} finally {
  rmSync(process.env.FLOWFORGE_HOME, { recursive: true, force: true });
}
