import { bucketsOf, definePlugin } from '@flowforge/core';
import type { granularityOptionsSchema } from './options.js';
import { pseudonymOf } from './pseudonym.js';

export type { GranularityOptions } from './options.js';
export { pseudonymOf } from './pseudonym.js';

/**
 * Decides what detail reaches the team layer (docs/configuration.md): the period buckets are summed over
 * (`day`, `week`, `month`), whether user ids or pseudonyms are committed, and how each entry's
 * billable time is rounded. Anything finer never leaves the developer's machine.
 */
export default definePlugin<typeof granularityOptionsSchema>({
  name: '@flowforge/plugin-granularity',
  // Loaded only to validate: a commit with options validated before needs neither it nor zod.
  options: async () => (await import('./options.js')).granularityOptionsSchema,
  apply(kernel, options) {
    const rounding = options.rounding
      ? { incrementSeconds: options.rounding.increment, mode: options.rounding.mode, scope: options.rounding.scope }
      : null;
    kernel.hooks.aggregate.tap('granularity', (aggregation) => {
      const identity = options.identity === 'pseudonym' ? pseudonymOf(aggregation.identity, options.salt as string) : aggregation.identity;
      return {
        ...aggregation,
        identity,
        granularity: options.period,
        rounding,
        buckets: bucketsOf(aggregation.pieces, identity, options.period, rounding),
      };
    });
  },
});
