import type { Aggregation, RunContext, TeamFileChanges } from '../hooks.js';
import { recordAudit } from '../recovery/append-audit.js';
import { UserStore } from '../store/user-store.js';
import { writeTeamFiles } from '../team/write.js';
import { stagedSinceLastWrite } from './convergence.js';
import { teamFilesOf } from './team-files.js';

/**
 * The kernel's own step between `validate` and `snapshot`: writes the user's team files for the
 * months collected, into this clone's shard.
 */
export async function writeTrackedTeamFiles(aggregation: Aggregation, context: RunContext): Promise<TeamFileChanges> {
  const store = UserStore.forRepo(context.repoRoot, context.user);
  // In a commit, the only untracked team files are those `flowforge aggregate` or the daemon
  // wrote since the last commit: without them there is nothing to sweep.
  const sweep = context.trigger !== 'pre-commit' || !stagedSinceLastWrite(context.repoRoot, context.user);
  const shard = { source: 'tracked', clone: await store.ensureCloneId() } as const;
  return writeTeamFiles(context.repoRoot, teamFilesOf(aggregation, context.collection), shard, { sweep });
}

/**
 * The kernel's step after `snapshot`: one audit record for every team-layer file the run changed,
 * the kernel's and those `snapshot` taps added (the v1 history), so the trail vouches for all.
 */
export function recordRunAudit(aggregation: Aggregation, changes: TeamFileChanges, context: RunContext): Promise<void> {
  return recordAudit(context.repoRoot, aggregation.identity, context.trigger, changes, context.logger);
}
