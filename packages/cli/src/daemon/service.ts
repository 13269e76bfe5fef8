import { rm } from 'node:fs/promises';
import { flowForgeError, ignoreEverythingIn, isFlowForgeError, toUtcInstant, withLock, writeFileAtomic } from '@flowforge/core/internal';
import { reasonOf } from '@flowforge/core/errors';
import type { GlobalOptions } from '../main.js';
import { retryDelayMs } from './backoff.js';
import { runPassInChild } from './child-pass.js';
import { DAEMON_LOCK_STALE_MS, type DaemonFiles, daemonFiles } from './files.js';
import { type DaemonHealth, HEALTH_SCHEMA, writeHealth } from './health.js';
import { logLine } from './log.js';
import { hasWork, pendingWork } from './pending-work.js';
import { probeDaemon } from './probe.js';
import { onStopSignals } from './stop-signals.js';
import type { DaemonTimings } from './timings.js';
import { watchPrivateLayer } from './watch.js';

export interface DaemonRequest {
  repoRoot: string;
  user: string;
  globals: GlobalOptions;
  timings: DaemonTimings;
}

/**
 * `flowforge daemon run`: the resident service, one per clone. It holds the daemon lock for its
 * whole life (a second daemon fails with FF_DAEMON_RUNNING; a lock left by a dead one is taken
 * over) and keeps its pid in `daemon.pid` meanwhile. Returns once SIGTERM or SIGINT has stopped
 * it cleanly: the pass under way finished, the lock released, the pid file removed.
 */
export async function runDaemon(request: DaemonRequest): Promise<void> {
  const files = daemonFiles(request.repoRoot);
  await ignoreEverythingIn(files.dir);
  let acquired = false;
  try {
    await withLock(
      files.lock,
      async () => {
        acquired = true;
        await writeFileAtomic(files.pid, `${process.pid}\n`, { mode: 0o644 });
        try {
          await new DaemonLoop(request, files).serve();
        } finally {
          await rm(files.pid, { force: true });
        }
      },
      { timeoutMs: 0, staleMs: DAEMON_LOCK_STALE_MS },
    );
  } catch (thrown) {
    if (acquired || !isFlowForgeError(thrown) || thrown.code !== 'FF_STORE_LOCKED') throw thrown;
    throw flowForgeError('FF_DAEMON_RUNNING', { holder: await describeHolder(request.repoRoot) });
  }
}

async function describeHolder(repoRoot: string): Promise<string> {
  const { pidFile, health } = await probeDaemon(repoRoot);
  if (pidFile === null) return 'it is starting up';
  return health?.pid === pidFile ? `pid ${pidFile}, user ${health.user}` : `pid ${pidFile}`;
}

/**
 * Runs a pass when the private layer changes (file events, debounced), on every poll as a safety
 * net, and at start to catch up with what changed while no daemon ran. A failed pass is retried
 * with exponential backoff; while it backs off, events and polls wait for the retry, so a lasting
 * failure costs one pass per `retryMaxMs`. Only one pass runs at a time.
 */
class DaemonLoop {
  readonly #request: DaemonRequest;
  readonly #files: DaemonFiles;
  readonly #health: DaemonHealth;
  #timer: NodeJS.Timeout | undefined;
  #dueAt = Infinity;
  #pass: Promise<void> | undefined;
  /** Something asked for a pass while one ran. */
  #again = false;
  /** Failed runs in a row; above 0 the loop is backing off. */
  #attempt = 0;
  /** When the daemon first saw the work that is still waiting. */
  #waitingSince: number | undefined;
  #stopping = false;

  constructor(request: DaemonRequest, files: DaemonFiles) {
    this.#request = request;
    this.#files = files;
    this.#health = {
      schema: HEALTH_SCHEMA,
      pid: process.pid,
      user: request.user,
      startedAt: toUtcInstant(Date.now()),
      lastRunAt: null,
      lastSuccessAt: null,
      lastError: null,
      runs: 0,
      failures: 0,
      queue: { pending: 0 },
      lagSeconds: 0,
      nextRetryAt: null,
    };
  }

  async serve(): Promise<void> {
    const { repoRoot, user, timings } = this.#request;
    let stop!: (signal: NodeJS.Signals) => void;
    const stopped = new Promise<NodeJS.Signals>((resolve) => (stop = resolve));
    const removeSignalHandlers = onStopSignals((signal) => stop(signal));
    const watcher = watchPrivateLayer(repoRoot, user, () => this.#whenIdle(timings.debounceMs));
    const poll = setInterval(() => {
      watcher.rearm();
      this.#whenIdle(0);
    }, timings.pollMs);
    try {
      this.#health.queue.pending = await this.#queued();
      // The first health tells `daemon start` that this daemon is up.
      await writeHealth(this.#files.health, this.#health);
      logLine(`daemon started (pid ${process.pid}) for ${user} in ${repoRoot}`);
      this.#schedule(0);
      const signal = await stopped;
      logLine(`${signal} received: stopping${this.#pass ? ' once the current aggregation is done' : ''}`);
    } finally {
      this.#stopping = true;
      clearInterval(poll);
      clearTimeout(this.#timer);
      watcher.close();
      await this.#pass;
      removeSignalHandlers();
      logLine('daemon stopped');
    }
  }

  /** A file event or a poll: run soon, unless backing off (the retry is scheduled already). */
  #whenIdle(delayMs: number): void {
    if (this.#attempt === 0) this.#schedule(delayMs);
  }

  /** Runs a pass in `delayMs`, or sooner if one is due sooner already. */
  #schedule(delayMs: number): void {
    if (this.#stopping) return;
    const due = Date.now() + delayMs;
    if (this.#timer !== undefined && this.#dueAt <= due) return;
    clearTimeout(this.#timer);
    this.#dueAt = due;
    this.#timer = setTimeout(() => this.#fire(), delayMs);
  }

  #fire(): void {
    this.#timer = undefined;
    this.#dueAt = Infinity;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    this.#pass = this.#runPass()
      .catch((thrown: unknown) => logLine(`internal error: ${reasonOf(thrown)}`))
      .finally(() => {
        this.#pass = undefined;
        if (!this.#again) return;
        this.#again = false;
        this.#whenIdle(this.#request.timings.debounceMs);
      });
  }

  async #runPass(): Promise<void> {
    const { repoRoot, user, globals, timings } = this.#request;
    // An unreadable queue is work too: the pass reports what is wrong with it.
    const work = await pendingWork(repoRoot, user).catch(() => undefined);
    if (work && !hasWork(work)) {
      this.#waitingSince = undefined;
      return;
    }
    this.#waitingSince ??= Date.now();
    const result = await runPassInChild({ repoRoot, user, globals, timeoutMs: timings.passTimeoutMs });
    const now = Date.now();
    const health = this.#health;
    health.runs += 1;
    health.lastRunAt = toUtcInstant(now);
    health.lagSeconds = Math.round((now - this.#waitingSince) / 1000);
    if (result.error) {
      health.failures += 1;
      this.#attempt += 1;
      const delay = retryDelayMs(this.#attempt, timings.retryBaseMs, timings.retryMaxMs);
      health.lastError = { ...result.error, at: toUtcInstant(now) };
      health.nextRetryAt = toUtcInstant(now + delay);
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#schedule(delay);
      logLine(`run failed: ${result.error.code} ${result.error.message}\n  retry ${this.#attempt} in ${formatDelay(delay)}`);
    } else {
      this.#attempt = 0;
      this.#waitingSince = undefined;
      health.lastSuccessAt = health.lastRunAt;
      health.lastError = null;
      health.nextRetryAt = null;
      logLine(
        result.ran
          ? `aggregated ${user}${result.months.length > 0 ? ` for ${result.months.join(', ')}` : ''}: ${result.written.length} file(s) written, ${result.removed.length} removed, ${result.queue.settled} queued failure(s) settled`
          : 'nothing left to do: the hook or another command got there first',
      );
    }
    health.queue.pending = await this.#queued();
    await writeHealth(this.#files.health, health);
  }

  /** This user's queued failures now; the last count if the queue cannot be read. */
  async #queued(): Promise<number> {
    return pendingWork(this.#request.repoRoot, this.#request.user).then(
      (work) => work.queued,
      () => this.#health.queue.pending,
    );
  }
}

const formatDelay = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
