import {
  findRepoRoot,
  flowForgeError,
  loadSettings,
  parseNow,
  resolveUserId,
  resolveUserZone,
  type TimerContext,
  UserStore,
} from '@flowforge/core/lite';
import type { GlobalOptions } from './main.js';

export interface TrackingContext extends TimerContext {
  repoRoot: string;
  user: string;
  /** The IANA zone that decides which local day an instant belongs to. */
  zone: string;
}

/**
 * Who, where and when for every tracking command. The user id and FLOWFORGE_NOW are checked
 * before any file is touched (SPEC §4). The zone is `TZ`, else the developer's own config, else
 * the team's, else the machine's.
 */
export async function trackingContext(globals: GlobalOptions): Promise<TrackingContext> {
  const repoRoot = findRepoRoot(process.cwd());
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: process.cwd() });
  const user = resolveUserId(repoRoot);
  const nowMs = parseNow(process.env.FLOWFORGE_NOW);
  if (nowMs === null) throw flowForgeError('FF_BAD_NOW', { value: process.env.FLOWFORGE_NOW ?? '' });
  const store = UserStore.forRepo(repoRoot, user);
  const settings = await loadSettings({ cwd: process.cwd(), ...(globals.config ? { configPath: globals.config } : {}) });
  const zone = await resolveUserZone(store, settings.team.timezone);
  return { repoRoot, user, nowMs, zone, store, staleTimerHours: settings.hook.staleTimerHours };
}
