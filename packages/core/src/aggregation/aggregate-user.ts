import type { Booted } from '../boot.js';
import type { Trigger } from '../hooks.js';
import type { LifecycleResult } from '../kernel.js';
import { settleQueue } from '../queue.js';
import { UserStore } from '../store/user-store.js';
import { resolveUserZone } from '../store/user-zone.js';
import { parseNow } from '../time/now.js';
import { reasonOf } from '../errors.js';
import { noteUnstaged } from '../team/unstaged.js';

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
 * everything is written and delivered: a failure leaves them for the next run.
 *
 * Before the run, under the same lock, it archives the months that ended before last month
 * (`UserStore.archiveClosedMonths`): once a month, the first run that finds some.
 *
 * `deliver` hands the written files on (the hook stages them); without it they are noted for the
 * next commit's hook. Either way it happens before the changed days are forgotten, so a failure
 * there leaves the work to be redone, not lost.
 */
export async function aggregateUser(
  { kernel, loaded }: Booted,
  request: AggregateUserRequest,
  deliver: (result: LifecycleResult) => Promise<void> = (result) => noteUnstaged(request.repoRoot, result.results.teamFiles),
): Promise<LifecycleResult> {
  const store = UserStore.forRepo(request.repoRoot, request.user);
  return store.locked(async () => {
    // First, so that this run's snapshot never sees a day split between an archive and a daily
    // log (its counts are per file). A failure only leaves the logs as they were.
    await store.archiveClosedMonths(parseNow(process.env.FLOWFORGE_NOW) ?? Date.now()).catch((error: unknown) => {
      kernel.loggerFor('flowforge').warn(`could not archive closed months of the private layer: ${reasonOf(error)}`);
    });
    const zone = await resolveUserZone(store, loaded.config.team.timezone);
    const result = await kernel.run({
      ...request,
      zone,
      config: loaded.config,
      logger: kernel.loggerFor('flowforge'),
      dryRun: false,
      provider: null,
    });
    await deliver(result);
    await store.clearChangedDays();
    await settleQueue(request.repoRoot, request.user);
    return result;
  });
}
