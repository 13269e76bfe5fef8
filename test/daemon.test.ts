import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BOUNDED, type CliResult, CLI_BIN, runCli } from './helpers/cli.js';
import { writeFiles } from './helpers/repo.js';
import { bucketsOfUser, type Developer, teamRepo } from './helpers/team.js';

interface DaemonStatus {
  schema: string;
  running: boolean;
  pid: number | null;
  user: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: { code: string; message: string } | null;
  runs: number | null;
  failures: number | null;
  queue: { pending: number | null };
}

/** Every daemon a test started, stopped after it whatever happened. */
const started: { dev: Developer; pids: Set<number> }[] = [];

/** A quick retry, so a test need not wait out the real backoff (1 s doubling up to 5 min). */
const TIMINGS = { FLOWFORGE_DAEMON_RETRY_MAX_MS: '500' };

function ff(dev: Developer, args: readonly string[], extra: Record<string, string> = {}): CliResult {
  return runCli(args, { cwd: dev.repo, env: dev.env({ ...TIMINGS, ...extra }) });
}

function status(dev: Developer): DaemonStatus {
  const result = ff(dev, ['daemon', 'status', '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as DaemonStatus;
}

function startDaemon(dev: Developer): number {
  let entry = started.find((known) => known.dev === dev);
  if (!entry) started.push((entry = { dev, pids: new Set() }));
  const result = ff(dev, ['daemon', 'start']);
  const match = /(?:Started the daemon|already running) \(pid (\d+)\)/.exec(result.stdout);
  const pid = Number(match?.[1]);
  if (pid > 0) entry.pids.add(pid);
  expect(result.code, result.stderr).toBe(0);
  return pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds; the assertion is on the outcome within a deadline, not on a time. */
async function waitFor(what: string, check: () => boolean, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${deadlineMs / 1000} s: ${what}`);
    await sleep(100);
  }
}

/** Seconds of `user` in the newest team files of the work tree (committed or not). */
function teamSeconds(dev: Developer, user = 'alice'): number {
  try {
    return bucketsOfUser(dev, user).reduce((sum, bucket) => sum + bucket.seconds, 0);
  } catch {
    return -1; // read while being replaced: ask again
  }
}

const queueFiles = (dev: Developer) => {
  const dir = join(dev.repo, '.flowforge/daemon/queue');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
};

const pidFile = (dev: Developer) => join(dev.repo, '.flowforge/daemon/daemon.pid');

afterEach(async () => {
  for (const { dev, pids } of started.splice(0)) {
    ff(dev, ['daemon', 'stop']);
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await waitFor('the daemons are gone', () => [...pids].every((pid) => !isAlive(pid)), 5_000);
  }
});

afterAll(() => {
  // This CLI's daemons and their passes, by exact path: a pattern could match the test runner itself.
  const processes = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8', ...BOUNDED }).stdout.split('\n');
  expect(processes.filter((line) => line.includes(`${CLI_BIN} daemon`)), 'daemon processes left running').toEqual([]);
});

describe('flowforge daemon', () => {
  it('starts once per clone, aggregates each change within seconds without staging it, and stops cleanly', async () => {
    const dev = teamRepo();
    const head = dev.git('rev-parse', 'HEAD');
    expect(status(dev)).toMatchObject({ schema: 'flowforge.daemon-status/1', running: false, pid: null, runs: null });

    const pid = startDaemon(dev);
    expect(pid).toBeGreaterThan(0);
    expect(status(dev)).toMatchObject({ running: true, pid, user: 'alice' });
    expect(isAlive(pid)).toBe(true);

    const again = ff(dev, ['daemon', 'start']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`already running (pid ${pid})`);
    const foreground = ff(dev, ['daemon', 'run']);
    expect(foreground.code).toBe(1);
    expect(foreground.stderr).toContain(`FF_DAEMON_RUNNING A FlowForge daemon already runs in this clone (pid ${pid}, user alice)`);
    expect(status(dev)).toMatchObject({ running: true, pid });

    // The private layer did not exist when the daemon started: it watched a parent, then re-armed on time/.
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:30');
    await waitFor('the first entry reaches the team layer', () => teamSeconds(dev) === 5400);
    dev.ffOk('add', '43', '--duration', '45m', '--date', '2026-11-03');
    await waitFor('the second entry reaches the team layer', () => teamSeconds(dev) === 5400 + 2700);

    expect(dev.git('rev-parse', 'HEAD')).toBe(head);
    expect(dev.git('diff', '--cached', '--name-only')).toBe('');
    const untracked = dev.gitRun(['status', '--porcelain', '--untracked-files=all']).stdout;
    expect(untracked).toMatch(/^\?\? \.flowforge\/team\/alice\/[a-z2-7]{8}\/2026-11\.r2\./m);

    const stop = ff(dev, ['daemon', 'stop']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain(`Stopped the daemon (pid ${pid})`);
    // Gone once reaped (init does that, not us); a zombie already counts as stopped for `daemon stop`.
    await waitFor('the daemon process is gone', () => !isAlive(pid), 5_000);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(pidFile(dev))).toBe(false);
    const after = status(dev);
    expect(after).toMatchObject({ running: false, pid: null, user: 'alice', lastError: null, failures: 0, queue: { pending: 0 } });
    expect(after.runs).toBeGreaterThanOrEqual(2);
    expect(after.lastRunAt).not.toBeNull();
    expect(after.lastSuccessAt).toBe(after.lastRunAt);

    const nothing = ff(dev, ['daemon', 'stop']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('FF_DAEMON_NOT_RUNNING');
  });

  it('retries a failure the hook queued, with backoff, until its cause is fixed, and the queue empties', async () => {
    const dev = teamRepo();
    writeFiles(dev.repo, {
      // A provider plugin that is down while tools/down exists.
      'tools/flaky.mjs': `import { existsSync } from 'node:fs';
export default {
  name: 'flaky-provider',
  apply() {
    if (existsSync(new URL('./down', import.meta.url))) throw new Error('the provider is down');
  },
};
`,
      'tools/down': '',
      'flowforge.config.mjs': `export default {
  team: { name: 'acme', timezone: 'Europe/Berlin' },
  billing: { currency: 'EUR', rates: { default: 100, users: {}, issues: {} } },
  plugins: ['@flowforge/plugin-granularity', './tools/flaky.mjs'],
};
`,
    });
    const pid = startDaemon(dev);
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('work goes on while the provider is down', { 'a.txt': 'a\n' });
    expect(queueFiles(dev)).toHaveLength(1);
    expect(dev.json<{ queue: { pending: number } }>('status').queue.pending).toBe(1);

    let failing = status(dev);
    await waitFor('the daemon has failed, retried, and counts the queued failure', () => {
      failing = status(dev);
      return (failing.failures ?? 0) >= 2 && failing.queue.pending === 1;
    });
    expect(failing).toMatchObject({ running: true, pid, lastError: { code: 'FF_PLUGIN_FAILED' }, queue: { pending: 1 } });
    expect(failing.lastError?.message).toContain('the provider is down');
    expect(teamSeconds(dev)).toBe(0);
    expect(queueFiles(dev)).toHaveLength(1); // nothing dropped

    rmSync(join(dev.repo, 'tools/down'));
    await waitFor('the queue empties', () => queueFiles(dev).length === 0);
    await waitFor('the entry reaches the team layer', () => teamSeconds(dev) === 3600);
    await waitFor('the health shows the recovery', () => status(dev).lastError === null);
    const recovered = status(dev);
    expect(recovered).toMatchObject({ running: true, pid, queue: { pending: 0 } });
    expect(recovered.lastSuccessAt).toBe(recovered.lastRunAt);
    expect(dev.json<{ queue: { pending: number } }>('status').queue.pending).toBe(0);
  });

  it('`run --once` aggregates pending changes, settles queued failures and exits 0', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:30');
    const once = ff(dev, ['daemon', 'run', '--once']);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout).toMatch(/^Aggregated alice for .*2026-11/);
    expect(teamSeconds(dev)).toBe(5400);

    // A failure queued the way the hook queues one (`enqueueFailure`), its cause since fixed.
    const failure = { user: 'alice', trigger: 'pre-commit', at: '2026-11-02T10:31:00Z', code: 'FF_CONFIG_SYNTAX', message: 'since fixed' };
    writeFiles(dev.repo, { '.flowforge/daemon/queue/2026-11-02T103100Z-alice-4242.json': `${JSON.stringify(failure, null, 2)}\n` });
    const pass = ff(dev, ['daemon', 'run', '--once', '--json']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ schema: 'flowforge.daemon-pass/1', user: 'alice', ran: true, queue: { settled: 1, pending: 0 }, error: null });
    expect(queueFiles(dev)).toEqual([]);

    const idle = ff(dev, ['daemon', 'run', '--once']);
    expect(idle.code).toBe(0);
    expect(idle.stdout).toMatch(/^Nothing to do for alice/);
    expect(status(dev)).toMatchObject({ running: false, pid: null });
  });

  it('replaces the pid file and lock of a daemon that was killed', async () => {
    const dev = teamRepo();
    const first = startDaemon(dev);
    process.kill(first, 'SIGKILL');
    await waitFor('the killed daemon is gone', () => !isAlive(first), 5_000);
    expect(existsSync(pidFile(dev))).toBe(true);
    expect(status(dev)).toMatchObject({ running: false, pid: null });

    const restart = ff(dev, ['daemon', 'start']);
    expect(restart.stdout).toContain(`Replaced the pid file of a daemon that is gone (pid ${first})`);
    const second = startDaemon(dev); // already running: records its pid for the clean-up
    expect(second).not.toBe(first);
    expect(status(dev)).toMatchObject({ running: true, pid: second });
    dev.ffOk('add', '42', '--duration', '30m', '--date', '2026-11-04');
    await waitFor('the entry reaches the team layer', () => teamSeconds(dev) === 1800);
  });

  it('keeps watching after the private layer is deleted and written again', async () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    startDaemon(dev); // catches up at start with what changed while no daemon ran
    await waitFor('the entry made before the start is aggregated', () => teamSeconds(dev) === 3600);

    rmSync(join(dev.repo, '.flowforge/user/alice'), { recursive: true });
    dev.ffOk('add', '43', '--duration', '15m', '--date', '2026-11-05');
    // A new private layer is a new shard; the first one's file stays, as another machine's would.
    await waitFor('the entry in the new private layer is aggregated', () => teamSeconds(dev) === 3600 + 900);
  });

  it('refuses unknown actions and misplaced options with exit 2', () => {
    const dev = teamRepo();
    for (const args of [['daemon', 'restart'], ['daemon', 'start', '--once'], ['daemon', 'stop', '--json'], ['daemon', 'run', '--json']]) {
      const result = ff(dev, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^FF_USAGE /);
    }
  });
});
