import type { Aggregation, RunContext, Validation } from '../hooks.js';
import { definePlugin } from '../plugin.js';
import { UserStore } from '../store/user-store.js';
import { teamFileProblems } from '../team/team-file.js';
import { periodOf } from '../time/period.js';
import { bucketsOf, piecesOf } from './buckets.js';
import { collectPrivate } from './collect-private.js';
import { shardOfPeriod } from './shards.js';
import { teamFilesOf } from './team-files.js';

/** The name core's own taps carry in `flowforge plugins` and in errors. */
export const CORE_PLUGIN_NAME = 'flowforge';

/**
 * The tracking pipeline's own steps, as taps like any plugin's so that `flowforge plugins` shows
 * the whole pipeline: read the private layer, bucket by local day, check invariants and the
 * privacy allowlist. Writing the team files is the kernel's (`write-stage.ts`), between
 * `validate` and `snapshot`.
 */
export const corePlugin = definePlugin({
  name: CORE_PLUGIN_NAME,
  apply(kernel) {
    kernel.hooks.collect.tapPromise('private-layer', async (collection, context) => {
      await collectPrivate(collection, UserStore.forRepo(context.repoRoot, context.user), context.zone, context.all);
    });

    // First in the waterfall: policies (granularity, …) transform what this produces.
    kernel.hooks.aggregate.tap({ name: 'daily-buckets', stage: -100 }, (aggregation, collection, context) => {
      // Entries imported with a source (v1 sessions) are billed from elsewhere (the v1 history), never twice.
      const pieces = piecesOf(collection.entries.filter((entry) => entry.source === undefined), context.zone);
      return { ...aggregation, pieces, buckets: bucketsOf(pieces, aggregation.identity, 'day', null) };
    });

    kernel.hooks.validate.tap('invariants', (aggregation, validation, context) => checkPrivateRun(aggregation, validation, context));
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
