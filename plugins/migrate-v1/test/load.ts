/** Test inputs: the shared v1 samples (the contract) and this package's fixtures, one per variant. */
import { readFileSync } from 'node:fs';

/** One of the reference v1 samples, copied into `fixtures/samples/` so any clone has them. */
export function sample(name: 'canonical.task-times.json' | 'in-the-wild.json'): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/samples/${name}`, import.meta.url), 'utf8'));
}

export const VARIANT_FIXTURES = [
  'variant-1-non-issue-keys.json',
  'variant-2-seconds.json',
  'variant-3-statuses.json',
  'variant-4-null-current-session.json',
  'variant-5-free-text.json',
  'variant-6-stale-cleanup.json',
  'variant-7-orphaned.json',
  'variant-8-broken.json',
] as const;

export function fixture(name: (typeof VARIANT_FIXTURES)[number]): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** "Now" for every test: the day the samples were migrated in these tests. */
export const NOW = Date.parse('2025-11-29T00:00:00Z');
