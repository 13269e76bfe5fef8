import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Booted } from '../boot.js';
import type { Aggregation, RunRequest, Trigger } from '../hooks.js';
import type { LifecycleResult } from '../kernel.js';
import { settleQueue } from '../queue.js';
import { auditDir, newestAuditRecordPaths, parseAuditRecordPath } from '../recovery/audit-record.js';
import { namesIn } from '../store/names-in.js';
import { UserStore } from '../store/user-store.js';
import { resolveUserZone } from '../store/user-zone.js';
import { newestPerMonth } from '../team/read.js';
import { parseTeamFilePath, teamShardDir } from '../team/team-file.js';
import { currentMsOrClock } from '../time/now.js';
import { reasonOf } from '../errors.js';
import { sha256Hex } from '../hash/sha256.js';
import { headMovesStamp } from '../team/head-moves.js';
import { foldersUnchanged, readConvergence } from './convergence.js';
import { recordConvergence } from './record-convergence.js';

export interface AggregateUserRequest {
  repoRoot: string;
  user: string;
  trigger: Trigger;
  /** Rebuild every month with data, not only those changed since the last run. */
  all: boolean;
}

/** What the pre-commit hook stages after a run: the files the user's time is in, and those removed. */
export interface Staging {
  /** Repo-relative files to add (already staged ones change nothing). */
  files: string[];
  removed: string[];
}

/**
 * Runs the lifecycle for one user, holding their store's lock so no entry is written halfway
 * through, and leaves their team files equal to what their private layer gives under the current
 * policy (see `convergence.ts`): the months changed since the last run, or every month when the
 * policy changed or git changed a folder the last run left (a checkout, a reset, a merge, an
 * abandoned branch). Then it forgets the changed days and the queued failures — only once
 * everything is written and delivered: a failure leaves them for the next run.
 *
 * Before the run, under the same lock, it archives the months that ended before last month
 * (`UserStore.archiveClosedMonths`): once a month, the first run that finds some.
 *
 * `stage` is the pre-commit hook's: it stages what the run leaves (this clone's newest team file of
 * each month, the newest audit records, and whatever runs outside a commit wrote since the last
 * one), and only then is the record marked staged. Other runs leave it all for the next commit.
 */
export async function aggregateUser(
  { kernel, loaded }: Booted,
  request: AggregateUserRequest,
  stage?: (staging: Staging) => Promise<void> | void,
): Promise<LifecycleResult> {
  const { repoRoot, user } = request;
  const store = UserStore.forRepo(repoRoot, user);
  return store.locked(async () => {
    // First, so that this run's snapshot never sees a day split between an archive and a daily
    // log (its counts are per file). A failure only leaves the logs as they were.
    await store.archiveClosedMonths(currentMsOrClock()).catch((error: unknown) => {
      kernel.loggerFor('flowforge').warn(`could not archive closed months of the private layer: ${reasonOf(error)}`);
    });
    // Before the run, so that its snapshot already holds the shard's id.
    const clone = await store.ensureCloneId();
    const zone = await resolveUserZone(store, loaded.config.team.timezone);
    const run: RunRequest = { ...request, zone, config: loaded.config, logger: kernel.loggerFor('flowforge') };
    const last = readConvergence(repoRoot, user);
    const rebuild = request.all || last === undefined || !foldersUnchanged(repoRoot, last);
    const runs = [await kernel.run({ ...run, all: rebuild })];
    // What the policies made of the data, known once a run has gone through them: when it is not
    // what the last run's was, every month is written again (a rare second run).
    const policy = policyOf(runs[0]!.aggregation, run);
    if (last?.policy !== policy && !rebuild) runs.push(await kernel.run({ ...run, all: true }));
    const result = runs.at(-1)!;
    const written = runs.flatMap((one) => one.teamFiles.written);
    const removed = runs.flatMap((one) => one.teamFiles.removed);
    const { identity } = result.aggregation;
    const shard = teamShardDir(identity, { source: 'tracked', clone });
    const files = [...newestPerMonth(namesIn(join(repoRoot, shard)).map((name) => `${shard}/${name}`)).chosen, ...newestAuditRecordPaths(repoRoot, identity)];
    const folders = [shard, auditDir(identity)];
    // Without a record, which audit records no commit took is unknown: all of the trail is staged.
    const unstaged = [...(last ? last.unstaged : allAuditRecords(repoRoot, identity)), ...written];
    if (stage) {
      // The last hook staged the record's files and git has not moved HEAD but by commits since
      // (`convergence.ts`): the index holds them, and only this run's files are new to it.
      const indexHoldsLast = !rebuild && runs.length === 1 && last?.staged != null && last.staged === headMovesStamp(repoRoot);
      const toStage = indexHoldsLast ? written : [...files, ...unstaged];
      await stage({ files: [...new Set(toStage)].filter((path) => isOurs(repoRoot, path)), removed });
    }
    await recordConvergence(repoRoot, user, { policy, evaluated: loaded.evaluated ?? null, files, folders, unstaged, staged: stage !== undefined });
    await store.clearChangedDays();
    await settleQueue(repoRoot, user);
    return { ...result, teamFiles: { written, removed } };
  });
}

/**
 * A fingerprint of what the policies make of this user's data: the published identity,
 * granularity and rounding a run's `aggregate` waterfall gave, the zone of their days, and the
 * configured plugins.
 */
function policyOf({ identity, granularity, rounding }: Aggregation, run: RunRequest): string {
  let plugins: string;
  try {
    plugins = JSON.stringify(run.config.plugins); // inline plugin objects: their functions drop out
  } catch {
    plugins = ''; // not JSON-like at all: the policies' output still counts
  }
  return sha256Hex(JSON.stringify([identity, granularity, rounding, run.zone, plugins]));
}

function allAuditRecords(repoRoot: string, identity: string): string[] {
  const dir = auditDir(identity);
  return namesIn(join(repoRoot, dir)).map((name) => `${dir}/${name}`);
}

/** A team file or audit record FlowForge names so, present as a regular file: nothing else is ever staged. */
function isOurs(repoRoot: string, path: string): boolean {
  return (parseTeamFilePath(path) !== null || parseAuditRecordPath(path) !== null) && lstatSync(join(repoRoot, path), { throwIfNoEntry: false })?.isFile() === true;
}
