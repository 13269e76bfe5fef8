// Wall-clock timing of whole commands, always against `node -e 0` measured in the same run, so
// the figures are ratios that survive a slower or busier machine.
import { spawnSync } from 'node:child_process';

/** NODE_EXTRA_CA_CERTS adds a fixed cost to every Node start on some machines; users rarely have it. */
function cleanEnv() {
  const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
  return env;
}

/** `env` may be a function of the round, for commands that must move forward in time. */
function runOnce({ command, args, cwd, env, before }, round) {
  before?.(round); // untimed set-up, e.g. a new entry for the hook to aggregate
  const started = process.hrtime.bigint();
  const extra = typeof env === 'function' ? env(round) : env;
  const result = spawnSync(command, args, { cwd, env: { ...cleanEnv(), NO_COLOR: '1', ...extra }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const nodeBaseline = { name: 'node -e 0', command: process.execPath, args: ['-e', '0'] };

/**
 * Runs the baseline and each case `runs` times, interleaved (baseline, case 1, case 2, …) so that
 * drift in machine load hits all of them alike; reports medians and ratios to the baseline.
 *
 * The set-up's writes (a year of data, hundreds of files) are flushed first: the kernel writes
 * them back seconds later, right into the timed runs, which then wait behind it at every fsync
 * (measured: the hook 0.2–0.3× slower). The timed runs themselves follow each other unflushed.
 */
export function compare(cases, { runs = 15, warmup = 2, baseline = nodeBaseline } = {}) {
  if (process.platform !== 'win32') spawnSync('sync');
  const all = [baseline, ...cases];
  const samples = all.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    all.forEach((entry, i) => {
      const ms = runOnce(entry, round);
      if (round >= warmup) samples[i].push(ms);
    });
  }
  const base = median(samples[0]);
  return all.map((entry, i) => ({ name: entry.name, medianMs: round1(median(samples[i])), ratio: round2(median(samples[i]) / base) }));
}

const round1 = (n) => Math.round(n * 10) / 10;
const round2 = (n) => Math.round(n * 100) / 100;

export function printTable(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) console.log(`  ${row.name.padEnd(width)}  ${String(row.medianMs).padStart(7)} ms  ${row.ratio.toFixed(2)}×`);
}
