import { flowForgeError, resolveUserId } from '@flowforge/core/internal';
import type { DaemonHealth } from '../daemon/health.js';
import { runPass, type PassResult } from '../daemon/pass.js';
import { probeDaemon, type DaemonProbe } from '../daemon/probe.js';
import { runDaemon } from '../daemon/service.js';
import { startDaemon } from '../daemon/start.js';
import { stopDaemon } from '../daemon/stop.js';
import { onStopSignals } from '../daemon/stop-signals.js';
import { daemonTimings } from '../daemon/timings.js';
import type { CommandAction, GlobalOptions } from '../main.js';
import { printJson, printLine } from '../output.js';
import { reportError } from '../report-error.js';

const ACTIONS = ['start', 'stop', 'status', 'run'] as const;
type Action = (typeof ACTIONS)[number];

const usage = (message: string) => flowForgeError('FF_USAGE', { message, command: 'daemon' });

/**
 * `flowforge daemon start|stop|status [--json]|run [--once]`: layer 2, the background service
 * that aggregates what changed within seconds and retries what the hook could not do
 * (docs/daemon.md). It never commits or stages anything.
 */
const daemon: CommandAction = async (args, options, session) => {
  const action = args[0] as Action;
  if (!ACTIONS.includes(action)) throw usage(`unknown action ${JSON.stringify(args[0])}: use start, stop, status or run`);
  if (options.once && action !== 'run') throw usage('--once goes with `daemon run`');
  if (options.json && action !== 'status' && !(action === 'run' && options.once)) throw usage('--json goes with `daemon status` and `daemon run --once`');
  const { repoRoot } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: session.cwd });

  switch (action) {
    case 'status':
      return showStatus(await probeDaemon(repoRoot), Boolean(options.json));
    case 'stop': {
      const { pid, health } = await stopDaemon(repoRoot);
      printLine(`Stopped the daemon (pid ${pid}).${health?.pid === pid ? ` ${runsLine(health)}` : ''}`);
      return 0;
    }
    case 'start': {
      const user = resolveUserId(repoRoot);
      daemonTimings(); // a bad tuning variable fails here, not in the background
      const outcome = await startDaemon(repoRoot, user, session);
      if (!outcome.started) printLine(`The daemon is already running (pid ${outcome.pid}).`);
      else {
        if (outcome.replacedStalePid !== null) printLine(`Replaced the pid file of a daemon that is gone (pid ${outcome.replacedStalePid}).`);
        printLine(`Started the daemon (pid ${outcome.pid}) for ${user}; its log: .flowforge/daemon/daemon.log`);
      }
      return 0;
    }
    case 'run': {
      const user = resolveUserId(repoRoot);
      if (options.once) return runOnce(session, repoRoot, user, Boolean(options.json));
      await runDaemon({ repoRoot, user, globals: session, timings: daemonTimings() });
      return 0;
    }
  }
};

/**
 * `daemon run --once`: one pass in the foreground — what the daemon does each time, and how it
 * does it (it runs this in a child process). A first Ctrl-C lets the aggregation finish.
 */
async function runOnce(globals: GlobalOptions, repoRoot: string, user: string, json: boolean): Promise<number> {
  const removeSignalHandlers = onStopSignals(() => process.stderr.write('flowforge: finishing the aggregation under way; press Ctrl-C again to abort it.\n'));
  try {
    const { result, error } = await runPass(globals, repoRoot, user);
    if (json) printJson(result);
    else if (error) return reportError(error, Boolean(globals.debug));
    else printLine(passLine(result));
    return error?.exitCode ?? 0;
  } finally {
    removeSignalHandlers();
  }
}

function passLine(result: PassResult): string {
  if (!result.ran) return `Nothing to do for ${result.user}: no change since the last aggregation and no queued failure.`;
  const months = result.months.length > 0 ? ` for ${result.months.join(', ')}` : '';
  const settled = result.queue.settled > 0 ? `; ${result.queue.settled} queued failure(s) settled` : '';
  return `Aggregated ${result.user}${months}: ${result.written.length} file(s) written, ${result.removed.length} removed${settled}.`;
}

/** `flowforge.daemon-status/1`: running or not, and the last health written (`null`s when none ever was). */
function statusView({ running, pid, health }: DaemonProbe) {
  return {
    schema: 'flowforge.daemon-status/1',
    running,
    pid,
    user: health?.user ?? null,
    startedAt: health?.startedAt ?? null,
    lastRunAt: health?.lastRunAt ?? null,
    lastSuccessAt: health?.lastSuccessAt ?? null,
    lastError: health?.lastError ?? null,
    runs: health?.runs ?? null,
    failures: health?.failures ?? null,
    queue: { pending: health?.queue.pending ?? null },
    lagSeconds: health?.lagSeconds ?? null,
    nextRetryAt: health?.nextRetryAt ?? null,
  };
}

/** Exit 0 whether the daemon runs or not: this reports, it does not check (docs/daemon.md). */
function showStatus(probe: DaemonProbe, json: boolean): number {
  if (json) {
    printJson(statusView(probe));
    return 0;
  }
  const { running, pid, health } = probe;
  const own = health !== null && health.pid === pid;
  if (running) printLine(`The daemon is running (pid ${pid}${own ? `, user ${health.user}, since ${health.startedAt}` : ''}).`);
  else printLine('The daemon is not running. Start it with `flowforge daemon start`.');
  if (!health) return 0;
  if (!own) printLine(`Last daemon: user ${health.user}, started ${health.startedAt}.`);
  printLine(runsLine(health));
  if (health.lastError) {
    printLine(`Last run failed (${health.lastError.at}): ${health.lastError.code} ${health.lastError.message}`);
    if (running && health.nextRetryAt) printLine(`Next retry at ${health.nextRetryAt}.`);
  }
  return 0;
}

function runsLine(health: DaemonHealth): string {
  const last = health.lastRunAt ? `last run ${health.lastRunAt}` : 'no run yet';
  return `${health.runs} run(s), ${health.failures} failed; ${last}; queue ${health.queue.pending}; lag ${health.lagSeconds} s.`;
}

export default daemon;
