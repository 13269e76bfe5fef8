/**
 * A FlowForge plugin, written against the public API of `@flowforge/core` only: an `aggregate`
 * policy that caps each user's billable time per day, issue by issue in the order the buckets come
 * (`9` before `10`). Tracked time is never changed — only what is billed — so reports still show
 * every minute worked.
 */
import { defineErrors, definePlugin, z } from '@flowforge/core';

// `prefault({})`: listed without options, the plugin gets the defaults.
const options = z
  .strictObject({
    /** Billable hours per day at most; default 8. */
    hoursPerDay: z.number().positive().max(24).default(8),
  })
  .prefault({});

export const errors = defineErrors({
  FF_DAILY_CAP_PERIOD: {
    exitCode: 2,
    describe: ({ granularity }: { granularity: string }) => ({
      message: `flowforge-plugin-daily-cap caps days, but the team's buckets are ${granularity}s.`,
      hint: "Keep @flowforge/plugin-granularity's `period: 'day'`, or remove this plugin.",
    }),
  },
});

export default definePlugin({
  name: 'flowforge-plugin-daily-cap',
  options,
  apply(kernel, { hoursPerDay }) {
    const cap = Math.round(hoursPerDay * 3600);
    kernel.hooks.aggregate.tap('daily-cap', (aggregation) => {
      if (aggregation.granularity !== 'day') throw errors.create('FF_DAILY_CAP_PERIOD', { granularity: aggregation.granularity });
      const billed = new Map<string, number>();
      const buckets = aggregation.buckets.map((bucket) => {
        const before = billed.get(bucket.period) ?? 0;
        const billableSeconds = Math.max(0, Math.min(bucket.billableSeconds, cap - before));
        billed.set(bucket.period, before + billableSeconds);
        return { ...bucket, billableSeconds };
      });
      return { ...aggregation, buckets };
    });
  },
});
