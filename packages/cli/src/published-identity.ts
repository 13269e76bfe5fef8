import type { Aggregation, Booted, Collection, RunContext } from '@flowforge/core';

/**
 * The name a user's team files are published under: the id itself, or the pseudonym a policy
 * (`@flowforge/plugin-granularity`, `identity: 'pseudonym'`) makes of it. Found by running the
 * `aggregate` waterfall over no data, so that whatever the configured policies do, this agrees
 * with the folder the lifecycle writes (`.flowforge/team/<identity>/`).
 */
export async function publishedIdentity({ kernel, loaded }: Booted, repoRoot: string, user: string): Promise<string> {
  const collection: Collection = { entries: [], shards: new Map(), teamBuckets: [] };
  const context: RunContext = {
    trigger: 'manual',
    repoRoot,
    user,
    zone: 'UTC',
    config: loaded.config,
    logger: kernel.loggerFor('flowforge'),
    all: false,
    dryRun: true,
    provider: null,
    collection,
    results: { teamFiles: { written: [], removed: [] }, providerChanges: [] },
  };
  const initial: Aggregation = { identity: user, pieces: [], buckets: [], granularity: 'day', rounding: null };
  return (await kernel.hooks.aggregate.promise(initial, collection, context)).identity;
}
