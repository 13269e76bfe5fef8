import { flowForgeError } from '../errors.js';
import type { Aggregation, ProviderChange, RunContext } from '../hooks.js';
import type { Kernel } from '../kernel.js';
import { redactError } from './redact.js';

/** Where a provider's token comes from, and what to tell a user who has none. */
export interface ProviderToken {
  /** The environment variable, e.g. `GITHUB_TOKEN`: tokens never come from a (committed) file. */
  variable: string;
  /** The service's name for messages, e.g. `GitHub`. */
  service: string;
  /** How to get one. */
  how: string;
}

export interface ProviderSpec {
  /** The plugin's name: `--provider` takes it or its short name (`providerShortName`). */
  name: string;
  token?: ProviderToken;
  /** Pushes the aggregation (the team layer's buckets) and says what it did, or would do on a dry run. */
  publish(aggregation: Aggregation, context: RunContext, token: string | undefined): Promise<ProviderChange[]>;
}

/** What `--provider` also accepts: `@flowforge/plugin-github` → `github`, `flowforge-provider-csv` → `csv`. */
export function providerShortName(plugin: string): string {
  return plugin.replace(/^@[^/]+\//, '').replace(/^(?:flowforge-)?(?:plugin|provider)-/, '');
}

/**
 * Taps `publish` as a provider: it acts on `flowforge publish` only (never in the hook or the
 * daemon) and only when no provider or this one was asked for; reads its token from the
 * environment, refusing clearly without one; strips the token from anything that goes wrong;
 * and reports its changes. Every provider, first-party or not, behaves the same way.
 */
export function tapProvider(kernel: Kernel, spec: ProviderSpec): void {
  kernel.hooks.publish.tapPromise(providerShortName(spec.name), async (aggregation, context) => {
    if (context.trigger !== 'publish') return;
    if (context.provider !== null && context.provider !== spec.name && context.provider !== providerShortName(spec.name)) return;
    const token = spec.token ? process.env[spec.token.variable]?.trim() : undefined;
    if (spec.token && !token) {
      throw flowForgeError('FF_PROVIDER_TOKEN_MISSING', { provider: spec.token.service, variable: spec.token.variable, how: spec.token.how });
    }
    try {
      context.results.providerChanges.push(...(await spec.publish(aggregation, context, token)));
    } catch (thrown) {
      // Clients strip tokens from their own errors; this is the last line of defence.
      throw token ? redactError(thrown, token) : thrown;
    }
  });
}
