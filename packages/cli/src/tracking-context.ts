import {
  DEFAULT_STALE_TIMER_HOURS,
  flowForgeError,
  type FlowForgeError,
  isFlowForgeError,
  loadSettings,
  currentMs,
  resolveUserId,
  resolveUserZone,
  type TimerContext,
  UserStore,
} from '@flowforge/core/lite';
import type { Session } from './main.js';

export interface TrackingContext extends TimerContext {
  repoRoot: string;
  user: string;
  /** The IANA zone that decides which local day an instant belongs to. */
  zone: string;
  /** Why the team config could not be read, when the caller asked to go on with its defaults. */
  configError?: FlowForgeError;
}

/** A config file that exists but cannot be read or validated; a missing `--config` file stays an error. */
const UNREADABLE_CONFIG = new Set(['FF_CONFIG_SYNTAX', 'FF_CONFIG_INVALID']);

/**
 * Who, where and when for every tracking command. The user id and FLOWFORGE_NOW are checked
 * before any file is touched (docs/tracking.md). The zone is `TZ`, else the developer's own config, else
 * the team's, else the machine's.
 */
export async function trackingContext(session: Session, options: { configErrors?: 'throw' | 'defaults' } = {}): Promise<TrackingContext> {
  const { repoRoot, cwd } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd });
  const user = resolveUserId(repoRoot);
  const nowMs = currentMs();
  const store = UserStore.forRepo(repoRoot, user);
  let settings: Awaited<ReturnType<typeof loadSettings>> | null = null;
  let configError: FlowForgeError | undefined;
  try {
    settings = await loadSettings({ cwd, repoRoot, ...(session.config ? { configPath: session.config } : {}) });
  } catch (thrown) {
    // `status` must still show the queue when a broken config made the hook fail (docs/hooks.md).
    if (options.configErrors !== 'defaults' || !isFlowForgeError(thrown) || !UNREADABLE_CONFIG.has(thrown.code)) throw thrown;
    configError = thrown;
  }
  const zone = await resolveUserZone(store, settings?.team.timezone);
  const staleTimerHours = settings?.hook.staleTimerHours ?? DEFAULT_STALE_TIMER_HOURS;
  return { repoRoot, user, nowMs, zone, store, staleTimerHours, ...(configError ? { configError } : {}) };
}
