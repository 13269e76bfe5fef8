import { join } from 'node:path';
import { namesIn } from '../store/names-in.js';
import type { UserStore } from '../store/user-store.js';
import { newestPerMonth, readTeamFile } from '../team/read.js';
import { TEAM_DIR } from '../team/team-file.js';
import { foldersUnchanged, readConvergence } from './convergence.js';

/**
 * How much of a user's time in this clone's private layer this checkout's team files lack — what
 * a report run here would not bill. Drift is what git changed: a folder the last aggregation left
 * no longer holds what it left there (a checkout, a reset, a rebase, a merge). Then the private
 * layer's seconds are weighed against those of this clone's shard, which reads every private log
 * and the shard's files. Time tracked since the last aggregation is no drift: the next commit takes
 * it, as it does all of this; and with no aggregation recorded in this clone, nothing is known to
 * be missing.
 */
export async function missingFromTeamLayer(repoRoot: string, store: UserStore): Promise<number> {
  const record = readConvergence(repoRoot, store.user);
  if (!record || foldersUnchanged(repoRoot, record)) return 0;
  let tracked = 0;
  for (const day of await store.days())
    for (const entry of (await store.entriesOfDay(day)).values())
      // Imported v1 sessions are billed from the v1 history files, not from this shard.
      if (entry.source === undefined) tracked += (Date.parse(entry.end) - Date.parse(entry.start)) / 1000;
  if (tracked === 0) return 0;
  // This clone's shard, as the record names it.
  const shard = record.folders.find(({ dir }) => dir.startsWith(`${TEAM_DIR}/`))?.dir;
  const own = shard === undefined ? [] : namesIn(join(repoRoot, shard)).map((name) => `${shard}/${name}`);
  let inTeam = 0;
  for (const path of newestPerMonth(own).chosen)
    for (const bucket of readTeamFile(repoRoot, path).buckets) inTeam += bucket.seconds;
  return Math.max(0, tracked - inTeam);
}
