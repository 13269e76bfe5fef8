import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from './helpers/cli.js';
import { teamRepo } from './helpers/team.js';

/** A small deterministic generator (mulberry32), so every run kills at the same points. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts `flowforge …args` and SIGKILLs it after `afterMs`, wherever it is; resolves when it is gone. */
function killMidway(cwd: string, env: Record<string, string | undefined>, args: string[], afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('crash safety (issue 6)', () => {
  it('25 SIGKILLs at random points of `aggregate --all`: afterwards aggregate succeeds, verify passes, the report has every minute', async () => {
    const dev = teamRepo();
    // Three months of work, so an `aggregate --all` writes several files and audit records.
    const days = ['2026-10-05', '2026-10-20', '2026-11-02', '2026-11-03', '2026-11-17', '2026-12-01', '2026-12-14'];
    let tracked = 0;
    for (const [index, day] of days.entries()) {
      dev.ffOk('add', String(40 + (index % 3)), '--from', `${day}T09:00`, '--to', `${day}T11:${String(index * 7).padStart(2, '0')}`);
      tracked += 2 * 3600 + index * 7 * 60;
    }
    dev.commitOk('work', { 'a.txt': 'a\n' });

    const random = seeded(20261129);
    for (let round = 0; round < 25; round += 1) {
      // 40–600 ms reaches every phase: start-up, config, collect, the writes of files and records.
      await killMidway(dev.repo, dev.env(), ['aggregate', '--all'], 40 + Math.floor(random() * 560));
    }

    dev.ffOk('aggregate', '--all');
    const verify = dev.ff('verify', '--json');
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    const billed = dev.ff('report', '--from', '2026-10-01', '--to', '2026-12-31', '--by', 'user', '--json'); // at the template's rate 0, said on stderr
    expect(billed.code).toBe(0);
    const report = JSON.parse(billed.stdout) as { rows: { hours: number }[]; totals: { hours: number } };
    // Hours are to the hundredth per row: one row, so the report holds every minute tracked.
    expect(report.totals.hours).toBe(Math.round(tracked / 36) / 100);
    expect(dev.json<{ entries: unknown[] }>('log', '--from', '2026-10-01', '--to', '2026-12-31').entries).toHaveLength(days.length);
    // And it all goes into git with the next commit, through the hook.
    dev.commitOk('after the crashes', { 'b.txt': 'b\n' });
    expect(dev.status()).toBe('');
    expect(dev.ff('verify').code).toBe(0);
  }, 180_000);
});
