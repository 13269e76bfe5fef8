import type { Aggregation, Collection } from '../hooks.js';
import { TEAM_SCHEMA, type TeamFile } from '../team/team-file.js';
import { shardOfPeriod } from './shards.js';

/**
 * The team files this run owns: one per shard of the collection, including months left with no
 * buckets (written empty, so a removal outranks an older revision on another branch).
 */
export function teamFilesOf(aggregation: Aggregation, collection: Collection): TeamFile[] {
  return [...collection.shards.entries()].sort().map(([month, revision]) => ({
    schema: TEAM_SCHEMA,
    user: aggregation.identity,
    month,
    revision,
    granularity: aggregation.granularity,
    rounding: aggregation.rounding,
    buckets: aggregation.buckets
      .filter((bucket) => shardOfPeriod(bucket.period) === month)
      .map(({ issue, period, seconds, billableSeconds, entries }) => ({ issue, period, seconds, billableSeconds, entries })),
  }));
}
