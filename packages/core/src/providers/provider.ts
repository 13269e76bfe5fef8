import type { FlowForgeConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { PeriodBucket } from '../model/bucket.js';
import type { Report } from '../report/build-report.js';
import type { IssueTotals } from '../report/issue-totals.js';

/** Where a provider's token comes from, and what to tell a user who has none. */
export interface ProviderToken {
  /** The environment variable, e.g. `GITHUB_TOKEN`: tokens never come from a (committed) file. */
  variable: string;
  /** The service's name for messages, e.g. `GitHub`. */
  service: string;
  /** How to get one. */
  how: string;
}

/** One line of `flowforge publish`'s table: what a provider did, or would do, to one issue. */
export interface ProviderChange {
  provider: string;
  issue: string;
  action: 'create' | 'update' | 'unchanged' | 'skipped';
  detail: string;
}

/**
 * What a provider's `plan` says it would do to one issue: `create` and `update` are handed to
 * `apply` (unless it is a dry run); `unchanged` and `skipped` are only reported. `data` carries
 * what `apply` needs (an id found while planning, the body to write), typed by the provider.
 */
export interface PlannedChange<Data = unknown> {
  issue: string;
  action: ProviderChange['action'];
  /** What it is about, e.g. "comment 123 (2.00 h, 1.50 h billable)"; the table shows it after the action. */
  detail: string;
  data: Data;
}

/**
 * What every provider publishes: the team layer read once, as a report bills it (bucket rounding
 * applied). Nothing here is finer than the team layer: no times of day, notes or hosts.
 */
export interface PublishTotals {
  /** Every user's buckets. */
  readonly buckets: readonly PeriodBucket[];
  /** Per issue, summed over every period and user, with each user's share (sorted by user). */
  readonly issues: readonly IssueTotals[];
  /** The bill over all time by user and issue, with the configured rates and amounts. */
  readonly bill: Report;
}

/** Handed to `plan` and to every `apply` of the same run: the same object, so a provider may key a client on it. */
export interface ProviderContext {
  readonly repoRoot: string;
  readonly config: FlowForgeConfig;
  /** Scoped to the plugin; the token is redacted from every line. */
  readonly logger: Logger;
  /** Read from `token.variable`; `undefined` for a provider that names no token. */
  readonly token: string | undefined;
}

/**
 * A provider is an object the kernel drives on `flowforge publish`: `plan` reads the service and
 * says what it would change; `apply` makes one planned change. The kernel reads the token, calls
 * `plan`, and — unless it is a dry run — `apply` for each `create` or `update`; it runs only the
 * providers `--provider` asks for, strips the token from anything that goes wrong, and prints the
 * table. A provider never sees a dry-run flag, a trigger or another provider.
 */
export interface Provider<Data = unknown> {
  /** What `--provider` takes and the table shows, e.g. `github`. */
  readonly name: string;
  readonly token?: ProviderToken;
  plan(totals: PublishTotals, context: ProviderContext): Promise<PlannedChange<Data>[]>;
  /** Makes the change; returns what was done (e.g. "created comment 456"), or nothing to keep the plan's words. */
  apply(change: PlannedChange<Data>, context: ProviderContext): Promise<string | void>;
}

/** What `--provider` also accepts: `@flowforge/plugin-github` → `github`, `flowforge-provider-csv` → `csv`. */
export function providerShortName(plugin: string): string {
  return plugin.replace(/^@[^/]+\//, '').replace(/^(?:flowforge-)?(?:plugin|provider)-/, '');
}
