import { attributed } from '../attributed.js';
import { flowForgeError, isFlowForgeError, reasonOf } from '../errors.js';
import type { FlowForgeConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import { buildReport, type Report } from '../report/build-report.js';
import { issueTotals } from '../report/issue-totals.js';
import { readTeamLayer } from '../team/read.js';
import { formatEpochDay } from '../time/calendar.js';
import { roundSeconds } from '../time/rounding.js';
import { SUPPORTED_FROM_MS, SUPPORTED_UNTIL_MS } from '../time/supported-range.js';
import { networkCauseOf } from './network-failure.js';
import { type Provider, type ProviderChange, type ProviderContext, providerShortName, type PublishTotals } from './provider.js';
import { redactError, redactingLogger } from './redact.js';

/** A provider with the plugin that added it. */
export interface RegisteredProvider {
  plugin: string;
  provider: Provider;
}

export interface PublishRequest {
  repoRoot: string;
  config: FlowForgeConfig;
  /** Plan only: `apply` is never called. */
  dryRun: boolean;
  /** `--provider NAME`: a provider's name or its plugin's name (or short name); `null` for all. */
  only: string | null;
  /** Told before each provider starts, for a progress line. */
  onProvider?: (name: string) => void;
}

export interface PublishOutcome {
  /** The providers that ran, in config order. */
  providers: string[];
  /** Every change planned or made, provider after provider, including those of a provider that failed later. */
  changes: ProviderChange[];
  /** Each provider that failed, with its (redacted, attributed) error; the others still ran. */
  failures: { provider: string; error: Error }[];
}

/**
 * The `publish` stage: picks the providers, reads the team layer once, and drives each provider
 * (token, plan, apply unless dry run). One provider's failure never stops the next.
 */
export async function runPublishStage(
  registered: readonly RegisteredProvider[],
  request: PublishRequest,
  loggerFor: (scope: string) => Logger,
): Promise<PublishOutcome> {
  const chosen = registered.filter(({ plugin, provider }) => request.only === null || [provider.name, plugin, providerShortName(plugin)].includes(request.only));
  if (chosen.length === 0) throw flowForgeError('FF_PROVIDER_NOT_CONFIGURED', { asked: request.only, configured: registered.map(({ provider }) => provider.name) });
  const totals = await publishTotals(request.repoRoot, request.config);
  const outcome: PublishOutcome = { providers: chosen.map(({ provider }) => provider.name), changes: [], failures: [] };
  for (const { plugin, provider } of chosen) {
    request.onProvider?.(provider.name);
    try {
      await drive(provider, totals, request, loggerFor(plugin), outcome.changes);
    } catch (thrown) {
      outcome.failures.push({ provider: provider.name, error: attributed(unreachableOr(thrown, provider.name), plugin, 'publish') });
    }
  }
  return outcome;
}

/**
 * A provider whose server did not answer failed for a reason of the network's, not a bug of its
 * plugin's: said as such, with the socket's own words, whatever client the provider uses.
 */
function unreachableOr(thrown: unknown, provider: string): unknown {
  const cause = isFlowForgeError(thrown) ? null : networkCauseOf(thrown);
  if (cause === null) return thrown;
  const reason = reasonOf(thrown);
  return flowForgeError('FF_PROVIDER_UNREACHABLE', { provider, reason: reason.includes(cause) ? reason : `${reason} (${cause})` }, thrown);
}

async function drive(provider: Provider, totals: PublishTotals, request: PublishRequest, logger: Logger, changes: ProviderChange[]): Promise<void> {
  const token = provider.token ? process.env[provider.token.variable]?.trim() : undefined;
  if (provider.token && !token) {
    throw flowForgeError('FF_PROVIDER_TOKEN_MISSING', { provider: provider.token.service, variable: provider.token.variable, how: provider.token.how });
  }
  const context: ProviderContext = { repoRoot: request.repoRoot, config: request.config, logger: token ? redactingLogger(logger, token) : logger, token };
  try {
    for (const change of await provider.plan(totals, context)) {
      const acts = change.action === 'create' || change.action === 'update';
      const detail = acts && !request.dryRun ? ((await provider.apply(change, context)) ?? change.detail) : change.detail;
      changes.push({ provider: provider.name, issue: change.issue, action: change.action, detail });
    }
  } catch (thrown) {
    // Clients strip tokens from their own errors; this is the last line of defence.
    throw token ? redactError(thrown, token) : thrown;
  }
}

/** The team layer as every provider sees it: bucket rounding applied as in reports, so providers publish the hours a client is billed. */
export async function publishTotals(repoRoot: string, config: FlowForgeConfig): Promise<PublishTotals> {
  const layer = await readTeamLayer(repoRoot);
  const buckets = layer.files.flatMap((file) => {
    const rounding = file.rounding?.scope === 'bucket' ? file.rounding : null;
    return file.buckets.map((bucket) => ({
      user: file.user,
      ...bucket,
      billableSeconds: rounding ? roundSeconds(bucket.billableSeconds, rounding.incrementSeconds, rounding.mode) : bucket.billableSeconds,
    }));
  });
  const allTime = { from: formatEpochDay(SUPPORTED_FROM_MS / 86_400_000), to: formatEpochDay(SUPPORTED_UNTIL_MS / 86_400_000 - 1), by: ['user', 'issue'] as const };
  let bill: Report | undefined;
  return {
    buckets,
    issues: issueTotals(buckets, { perUser: true }),
    // Built when a provider first reads it: most publish hours, not money.
    get bill() {
      return (bill ??= buildReport(layer.files, config, allTime));
    },
  };
}
