import type { FlowForgeConfig, PluginKernel } from '@flowforge/core/internal';

/**
 * The name a user's team files are published under: the id itself, or the pseudonym a policy
 * (`@flowforge/plugin-granularity`, `identity: 'pseudonym'`) makes of it — what the configured
 * policies make of no data, so it agrees with the folder the lifecycle writes.
 */
export async function publishedIdentity(kernel: PluginKernel, config: FlowForgeConfig, repoRoot: string, user: string): Promise<string> {
  const request = { trigger: 'manual', repoRoot, user, zone: 'UTC', config, logger: kernel.loggerFor('flowforge') } as const;
  return (await kernel.aggregateOnly({ ...request, all: false }, [])).identity;
}
