import { flowForgeError } from '@flowforge/core/internal';

export interface DaemonTimings {
  /** The safety net: how often the daemon looks for work whether or not a file event came. */
  pollMs: number;
  /** File events within this window after the first one make one run. */
  debounceMs: number;
  /** The first retry after a failed run; each further failure doubles it, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A pass running longer than this is killed and counted as a failure. */
  passTimeoutMs: number;
}

const KNOBS = {
  pollMs: ['FLOWFORGE_DAEMON_POLL_MS', 30_000],
  debounceMs: ['FLOWFORGE_DAEMON_DEBOUNCE_MS', 1_000],
  retryMaxMs: ['FLOWFORGE_DAEMON_RETRY_MAX_MS', 300_000],
} as const;

/** The daemon's timings: sensible defaults, each tunable by an environment variable (tests, slow disks). */
export function daemonTimings(env: NodeJS.ProcessEnv = process.env): DaemonTimings {
  const read = ([name, fallback]: readonly [string, number]): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      throw flowForgeError('FF_USAGE', { message: `${name}=${JSON.stringify(raw)} is not a positive whole number of milliseconds.`, command: 'daemon' });
    }
    return value;
  };
  const retryMaxMs = read(KNOBS.retryMaxMs);
  return {
    pollMs: read(KNOBS.pollMs),
    debounceMs: read(KNOBS.debounceMs),
    retryBaseMs: Math.min(1_000, retryMaxMs),
    retryMaxMs,
    passTimeoutMs: 10 * 60_000,
  };
}
