import {
  DEFAULT_STALE_TIMER_HOURS,
  flowForgeError,
  type FlowForgeError,
  isFlowForgeError,
  loadConfigCached,
  currentMs,
  resolveUserId,
  resolveUserZone,
  type TimerContext,
  UserStore,
} from '@flowforge/core/lite';
import type { LoadedConfig } from '@flowforge/core/internal';
import { checkConfiguredPlugins } from './config-check.js';
import type { Session } from './main.js';

export interface TrackingContext extends TimerContext {
  repoRoot: string;
  user: string;
  /** The IANA zone that decides which local day an instant belongs to. */
  zone: string;
  /** The team's `tracking` settings: how `start` finds the issue in a branch name, and whether timers follow checkouts. */
  tracking: { branchIssuePattern?: string | undefined; followBranch: boolean };
  /** The team config, unless it could not be read and the caller asked to go on with its defaults. */
  loaded?: LoadedConfig;
  /** Why the team config could not be read, when the caller asked to go on with its defaults. */
  configError?: FlowForgeError;
}

/**
 * What a command does with a team config the pre-commit hook would refuse. `refuse` (the default):
 * the command fails with the config's error (exit 2). `tolerate`: it goes on, with the defaults
 * when the config cannot be read at all, and asks `configProblem` later — the commands that record
 * time, which must never lose a minute to a teammate's broken config, and `status`, which says
 * what is wrong (docs/configuration.md).
 */
export type BrokenConfig = 'refuse' | 'tolerate';

/**
 * A config file that exists but cannot be read or validated. A missing `--config` file stays an
 * error (the path typed is wrong, not the team's config), and so does a config that never finishes
 * loading: nothing is recorded while it is waited on (docs/configuration.md).
 */
const UNREADABLE_CONFIG = new Set(['FF_CONFIG_SYNTAX', 'FF_CONFIG_INVALID']);

/**
 * Who, where and when for every tracking command. The user id and FLOWFORGE_NOW are checked
 * before any file is touched (docs/tracking.md). The zone is `TZ`, else the developer's own config, else
 * the team's, else the machine's.
 */
export async function trackingContext(session: Session, { brokenConfig = 'refuse' }: { brokenConfig?: BrokenConfig } = {}): Promise<TrackingContext> {
  const { repoRoot, cwd } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd });
  const user = resolveUserId(repoRoot);
  const nowMs = currentMs();
  const store = UserStore.forRepo(repoRoot, user);
  let loaded: LoadedConfig | undefined;
  let configError: FlowForgeError | undefined;
  try {
    loaded = await loadConfigCached({ cwd, repoRoot, ...(session.config ? { configPath: session.config } : {}) });
  } catch (thrown) {
    if (brokenConfig === 'refuse' || !isFlowForgeError(thrown) || !UNREADABLE_CONFIG.has(thrown.code)) throw thrown;
    configError = thrown;
  }
  if (loaded && brokenConfig === 'refuse') await checkConfiguredPlugins(session, loaded);
  const settings = loaded?.config;
  const zone = await resolveUserZone(store, settings?.team.timezone);
  const staleTimerHours = settings?.hook.staleTimerHours ?? DEFAULT_STALE_TIMER_HOURS;
  const tracking = settings?.tracking ?? { followBranch: false };
  return { repoRoot, user, nowMs, zone, store, staleTimerHours, tracking, ...(loaded ? { loaded } : {}), ...(configError ? { configError } : {}) };
}

/**
 * Why the pre-commit hook would refuse the team config, for a context that tolerated it: the error
 * reading it, or the first plugin that does not load or rejects its options; `undefined` when
 * nothing is wrong.
 */
export async function configProblem(context: TrackingContext, session: Session): Promise<FlowForgeError | undefined> {
  if (context.configError) return context.configError;
  if (!context.loaded) return undefined;
  try {
    await checkConfiguredPlugins(session, context.loaded);
    return undefined;
  } catch (thrown) {
    if (isFlowForgeError(thrown)) return thrown;
    throw thrown;
  }
}
