import { listQueue, UserStore } from '@flowforge/core/internal';

export interface PendingWork {
  /** UTC days written since the last aggregation (`time/changes`). */
  changedDays: number;
  /** This user's failed hook runs waiting in `.flowforge/daemon/queue/`. */
  queued: number;
}

/** What a pass would have to do, read without the store lock and without loading the config. */
export async function pendingWork(repoRoot: string, user: string): Promise<PendingWork> {
  const [days, queue] = await Promise.all([UserStore.forRepo(repoRoot, user).changedDays(), listQueue(repoRoot)]);
  return { changedDays: days.length, queued: queue.filter(({ failure }) => failure.user === user).length };
}

export const hasWork = (work: PendingWork): boolean => work.changedDays > 0 || work.queued > 0;
