import type { Booted } from '../boot.js';
import type { Trigger } from '../hooks.js';
import type { LifecycleResult } from '../kernel.js';
import { settleQueue } from '../queue.js';
import { UserStore } from '../store/user-store.js';
import { resolveUserZone } from '../store/user-zone.js';

export interface AggregateUserRequest {
  repoRoot: string;
  user: string;
  trigger: Trigger;
  /** Rebuild every month with data, not only those changed since the last run. */
  all: boolean;
}

/**
 * Runs the lifecycle for one user's changed months, holding their store's lock so no entry is
 * written halfway through, then forgets the changed days and the queued failures — only once
 * everything is written: a failure leaves them for the next run.
 */
export async function aggregateUser({ kernel, loaded }: Booted, request: AggregateUserRequest): Promise<LifecycleResult> {
  const store = UserStore.forRepo(request.repoRoot, request.user);
  return store.locked(async () => {
    const zone = await resolveUserZone(store, loaded.config.team.timezone);
    const result = await kernel.run({
      ...request,
      zone,
      config: loaded.config,
      logger: kernel.loggerFor('flowforge'),
      dryRun: false,
      provider: null,
    });
    await store.clearChangedDays();
    await settleQueue(request.repoRoot, request.user);
    return result;
  });
}
