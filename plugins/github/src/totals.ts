/**
 * What the core hands a provider, and what a provider hands back. Structural types on purpose:
 * `IssueTotals` is the shape of `issueTotals()` from `@flowforge/core` (the plugin's tap assigns
 * one to the other, so the compiler keeps them equal), `ProviderChange` a narrowing of core's, and
 * a third-party provider can copy them without importing anything from this package.
 */

/**
 * Aggregated time for one issue over the published period, already privacy-preserving: `user`
 * is an id or a pseudonym, and there are no times of day, notes or hosts.
 */
export interface IssueTotals {
  /** The issue key as tracked, e.g. `42` or `APP-42`. */
  issue: string;
  /** Actual tracked time. */
  seconds: number;
  /** Time after the rounding policy, without non-billable entries. */
  billableSeconds: number;
  contributors: { user: string; seconds: number; billableSeconds: number }[];
}

/** One line of `flowforge publish` output: what a provider did (or, in a dry run, would do) for one issue. */
export interface ProviderChange {
  provider: 'github' | 'notion';
  issue: string;
  action: 'create' | 'update' | 'unchanged' | 'skipped';
  /** A short, human-readable explanation, e.g. `created comment 1234 (3.50 h, 4.00 h billable)`. */
  detail: string;
}

/** Hours with two decimals, the precision every provider shows. */
export const toHours = (seconds: number): number => Math.round(seconds / 36) / 100;
