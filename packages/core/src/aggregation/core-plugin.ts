import type { Aggregation, RunContext, Validation } from '../hooks.js';
import { definePlugin } from '../plugin.js';
import { recordAudit } from '../recovery/append-audit.js';
import { UserStore } from '../store/user-store.js';
import { readTeamLayer } from '../team/read.js';
import { teamFileProblems } from '../team/team-file.js';
import { writeTeamFiles } from '../team/write.js';
import { periodOf } from '../time/period.js';
import { roundSeconds } from '../time/rounding.js';
import { bucketsOf, piecesOf } from './buckets.js';
import { collectPrivate } from './collect-private.js';
import { stagedSinceLastWrite } from './convergence.js';
import { shardOfPeriod } from './shards.js';
import { teamFilesOf } from './team-files.js';

/** The name core's own taps carry in `flowforge plugins` and in errors. */
export const CORE_PLUGIN_NAME = 'flowforge';

/**
 * The lifecycle's own steps, as taps like any plugin's so that `flowforge plugins` shows the
 * whole pipeline: read the private layer (or, to publish, the team layer), bucket by local day,
 * check invariants and the privacy allowlist, write the team files.
 */
export const corePlugin = definePlugin({
  name: CORE_PLUGIN_NAME,
  apply(kernel) {
    kernel.hooks.collect.tapPromise('private-layer', async (collection, context) => {
      if (context.trigger === 'publish') {
        const layer = await readTeamLayer(context.repoRoot);
        // Bucket rounding is applied here as in reports, so providers publish the hours a client is billed.
        for (const file of layer.files) {
          const rounding = file.rounding?.scope === 'bucket' ? file.rounding : null;
          for (const bucket of file.buckets) {
            const billableSeconds = rounding ? roundSeconds(bucket.billableSeconds, rounding.incrementSeconds, rounding.mode) : bucket.billableSeconds;
            collection.teamBuckets.push({ user: file.user, ...bucket, billableSeconds });
          }
        }
        return;
      }
      if (context.user) await collectPrivate(collection, UserStore.forRepo(context.repoRoot, context.user), context.zone, context.all);
    });

    // First in the waterfall: policies (granularity, …) transform what this produces.
    kernel.hooks.aggregate.tap({ name: 'daily-buckets', stage: -100 }, (aggregation, collection, context) => {
      if (context.trigger === 'publish') return { ...aggregation, buckets: collection.teamBuckets };
      // Imported v1 sessions are billed from their own team history files, never twice.
      const pieces = piecesOf(collection.entries.filter((entry) => entry.source === undefined), context.zone);
      return { ...aggregation, pieces, buckets: bucketsOf(pieces, aggregation.identity, 'day', null) };
    });

    kernel.hooks.validate.tap('invariants', (aggregation, validation, context) => {
      if (context.trigger !== 'publish') checkPrivateRun(aggregation, validation, context);
    });

    kernel.hooks.publish.tapPromise('team-layer', async (aggregation, context) => {
      if (context.trigger === 'publish' || context.dryRun || !context.user) return;
      const store = UserStore.forRepo(context.repoRoot, context.user);
      // In a commit, the only untracked team files are those `flowforge aggregate` or the daemon
      // wrote since the last commit: without them there is nothing to sweep.
      const sweep = context.trigger !== 'pre-commit' || !stagedSinceLastWrite(context.repoRoot, context.user);
      const shard = { source: 'tracked', clone: await store.ensureCloneId() } as const;
      const { written, removed } = await writeTeamFiles(context.repoRoot, teamFilesOf(aggregation, context.collection), shard, { sweep });
      context.results.teamFiles.written.push(...written);
      context.results.teamFiles.removed.push(...removed);
      await recordAudit(context.repoRoot, aggregation.identity, context.trigger, context.results.teamFiles, context.logger);
    });
  },
});

/**
 * No entry overlaps another; the files about to be written hold only allowlisted keys of the
 * right types; and not a second is lost between the private entries and the buckets written.
 */
function checkPrivateRun(aggregation: Aggregation, validation: Validation, context: RunContext): void {
  // v1 sessions may overlap (several terminals); the migration reports those, they are not billed here.
  const entries = context.collection.entries.filter((entry) => entry.source === undefined);
  for (let i = 1; i < entries.length; i += 1) {
    const [before, after] = [entries[i - 1], entries[i]];
    if (before && after && after.start < before.end) validation.fail(`entries ${before.id} and ${after.id} overlap (${after.start} < ${before.end})`);
  }
  const files = teamFilesOf(aggregation, context.collection);
  for (const file of files) for (const problem of teamFileProblems(file)) validation.fail(`team file ${file.user}/${file.month}: ${problem}`);

  const shards = new Set(context.collection.shards.keys());
  const inShards = (period: string) => shards.has(shardOfPeriod(period));
  const tracked = aggregation.pieces.filter((piece) => inShards(periodOf(piece.day, aggregation.granularity))).reduce((sum, piece) => sum + piece.seconds, 0);
  const written = files.reduce((sum, file) => sum + file.buckets.reduce((total, bucket) => total + bucket.seconds, 0), 0);
  if (tracked !== written) validation.fail(`the team files would hold ${written} s but the private entries hold ${tracked} s`);
}
