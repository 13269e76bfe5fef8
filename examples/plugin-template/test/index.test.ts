import { definePlugin } from '@flowforge/core';
import { runTracking } from '@flowforge/core/testing';
import { afterEach, expect, it } from 'vitest';
import dailyCap from '../src/index.js';

const runs: { cleanup(): Promise<void> }[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
});

it('bills at most the cap per day, and keeps every tracked second', async () => {
  const run = await runTracking({
    plugins: [[dailyCap, { hoursPerDay: 6 }]],
    entries: [
      { issue: '42', start: '2026-11-02T08:00:00Z', end: '2026-11-02T13:00:00Z' },
      { issue: '7', start: '2026-11-02T14:00:00Z', end: '2026-11-02T17:00:00Z' },
      { issue: '7', start: '2026-11-03T09:00:00Z', end: '2026-11-03T10:00:00Z' },
    ],
  });
  runs.push(run);
  // Issue 7 comes before 42 on Nov 2 and is billed in full; 42 gets what is left of the 6 h.
  expect(run.buckets.map(({ issue, period, seconds, billableSeconds }) => ({ issue, period, seconds, billableSeconds }))).toEqual([
    { issue: '7', period: '2026-11-02', seconds: 3 * 3600, billableSeconds: 3 * 3600 },
    { issue: '42', period: '2026-11-02', seconds: 5 * 3600, billableSeconds: 3 * 3600 },
    { issue: '7', period: '2026-11-03', seconds: 3600, billableSeconds: 3600 },
  ]);
});

it('hands providers the capped hours too', async () => {
  const published: number[] = [];
  // A provider of the test's own, beside the plugin under test: it records what it is handed.
  const recorder = definePlugin({
    name: 'recorder',
    apply(kernel) {
      kernel.addProvider({
        name: 'recorder',
        plan: async (totals) => totals.issues.map((issue) => ({ issue: issue.issue, action: 'create' as const, detail: '', data: issue.billableSeconds })),
        apply: async (change) => void published.push(change.data),
      });
    },
  });
  const withRecorder = await runTracking({ plugins: [dailyCap, recorder], entries: [{ issue: '42', start: '2026-11-02T08:00:00Z', end: '2026-11-02T18:00:00Z' }] });
  runs.push(withRecorder);
  const outcome = await withRecorder.publish({ dryRun: false });
  expect(outcome.failures).toEqual([]);
  expect(published).toEqual([8 * 3600]);
});

it('refuses week buckets with its own error', async () => {
  const weekly = definePlugin({
    name: 'weekly',
    apply: (kernel) => kernel.hooks.aggregate.tap({ name: 'weekly', stage: -50 }, (aggregation) => ({ ...aggregation, granularity: 'week' as const })),
  });
  await expect(runTracking({ plugins: [weekly, dailyCap], entries: [{ issue: '1', start: '2026-11-02T08:00:00Z', end: '2026-11-02T09:00:00Z' }] })).rejects.toMatchObject({ code: 'FF_DAILY_CAP_PERIOD', exitCode: 2 });
});
