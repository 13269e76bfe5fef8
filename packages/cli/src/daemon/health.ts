import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@flowforge/core/internal';

export const HEALTH_SCHEMA = 'flowforge.daemon-health/1';

/** A failed run, as `health.json` and `daemon status` show it. */
export interface DaemonError {
  code: string;
  message: string;
  hint: string;
  at: string;
}

/** `.flowforge/daemon/health.json`, rewritten after every run (docs/daemon.md lists the fields). */
export interface DaemonHealth {
  schema: typeof HEALTH_SCHEMA;
  pid: number;
  user: string;
  startedAt: string;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  /** The error of the last run, `null` once a run succeeds again. */
  lastError: DaemonError | null;
  runs: number;
  failures: number;
  queue: { pending: number };
  lagSeconds: number;
  nextRetryAt: string | null;
}

/** The last health written, or `null` when there is none (or it is unreadable: it is only a report). */
export async function readHealth(path: string): Promise<DaemonHealth | null> {
  try {
    const health = JSON.parse(await readFile(path, 'utf8')) as Partial<DaemonHealth> | null;
    return health?.schema === HEALTH_SCHEMA && Number.isInteger(health.pid) ? (health as DaemonHealth) : null;
  } catch {
    return null;
  }
}

/** Atomic, so `daemon status` and monitors never read half a file. */
export async function writeHealth(path: string, health: DaemonHealth): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(health, null, 2)}\n`);
}
