import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin } from '../src/plugin.js';
import type { Provider } from '../src/providers/provider.js';
import { runTracking, type TrackingRun } from '../src/testing.js';

const runs: TrackingRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
});

const ENTRIES = [
  { issue: '42', start: '2026-11-02T09:00:00Z', end: '2026-11-02T11:00:00Z' },
  { issue: '7', start: '2026-11-02T12:00:00Z', end: '2026-11-02T12:30:00Z' },
];

/** A provider that plans a `create` per issue and records every call the kernel makes. */
function recordingProvider(name: string, calls: string[], overrides: Partial<Provider<number>> = {}) {
  return definePlugin({
    name: `flowforge-provider-${name}`,
    apply(kernel) {
      kernel.addProvider<number>({
        name,
        async plan(totals) {
          calls.push(`${name}.plan`);
          return totals.issues.map((issue) => ({ issue: issue.issue, action: 'create', detail: `${issue.billableSeconds} s`, data: issue.billableSeconds }));
        },
        async apply(change) {
          calls.push(`${name}.apply ${change.issue}`);
          return `booked ${change.data}`;
        },
        ...overrides,
      });
    },
  });
}

async function tracked(...plugins: ReturnType<typeof definePlugin>[]): Promise<TrackingRun> {
  const run = await runTracking({ plugins, entries: ENTRIES });
  runs.push(run);
  return run;
}

describe('the publish stage', () => {
  it('hands every provider the team layer once read, plans, and applies each create or update', async () => {
    const calls: string[] = [];
    const run = await tracked(recordingProvider('a', calls), recordingProvider('b', calls));
    const outcome = await run.publish({ dryRun: false });
    expect(calls).toEqual(['a.plan', 'a.apply 7', 'a.apply 42', 'b.plan', 'b.apply 7', 'b.apply 42']);
    expect(outcome.changes).toEqual([
      { provider: 'a', issue: '7', action: 'create', detail: 'booked 1800' },
      { provider: 'a', issue: '42', action: 'create', detail: 'booked 7200' },
      { provider: 'b', issue: '7', action: 'create', detail: 'booked 1800' },
      { provider: 'b', issue: '42', action: 'create', detail: 'booked 7200' },
    ]);
  });

  it('never applies on a dry run, and reports the plan', async () => {
    const calls: string[] = [];
    const run = await tracked(recordingProvider('a', calls));
    const outcome = await run.publish({ dryRun: true });
    expect(calls).toEqual(['a.plan']);
    expect(outcome.changes.map((change) => change.detail)).toEqual(['1800 s', '7200 s']);
  });

  it('calls only the provider asked for, by its name or its plugin’s', async () => {
    const calls: string[] = [];
    const run = await tracked(recordingProvider('a', calls), recordingProvider('b', calls));
    await run.publish({ only: 'b' });
    await run.publish({ only: 'flowforge-provider-a' });
    expect(calls).toEqual(['b.plan', 'a.plan']);
    await expect(run.publish({ only: 'c' })).rejects.toMatchObject({ code: 'FF_PROVIDER_NOT_CONFIGURED', exitCode: 2 });
  });

  it('refuses a provider whose token is unset before planning, and strips a token from what it throws', async () => {
    const calls: string[] = [];
    const secret = 'tok_0123456789abcdefSECRET';
    const token = { variable: 'FLOWFORGE_TEST_TOKEN', service: 'Test', how: 'Make one.' };
    const run = await tracked(
      recordingProvider('a', calls, { token }),
      recordingProvider('b', calls, {
        async plan() {
          calls.push('b.plan');
          throw new Error('nothing to plan');
        },
      }),
      recordingProvider('c', calls),
    );
    const without = await run.publish({ dryRun: false });
    expect(without.failures.map(({ provider, error }) => [provider, (error as { code?: string }).code])).toEqual([
      ['a', 'FF_PROVIDER_TOKEN_MISSING'],
      ['b', 'FF_PLUGIN_FAILED'],
    ]);
    // One provider's failure never stops the next.
    expect(calls).toEqual(['b.plan', 'c.plan', 'c.apply 7', 'c.apply 42']);

    process.env.FLOWFORGE_TEST_TOKEN = secret;
    try {
      const leaky = await tracked(recordingProvider('a', [], { token, apply: async () => Promise.reject(new Error(`refused ${secret}`)) }));
      const outcome = await leaky.publish({ dryRun: false, only: 'a' });
      expect(outcome.failures[0]?.error.message).toBe('Plugin "flowforge-provider-a" failed in publish: refused [REDACTED]');
    } finally {
      delete process.env.FLOWFORGE_TEST_TOKEN;
    }
  });

  it('keeps the changes a provider made before it failed', async () => {
    let applied = 0;
    const run = await tracked(
      recordingProvider('a', [], {
        async apply(change) {
          applied += 1;
          if (applied === 2) throw new Error('API down');
          return `booked ${change.data}`;
        },
      }),
    );
    const outcome = await run.publish({ dryRun: false });
    expect(outcome.changes).toEqual([{ provider: 'a', issue: '7', action: 'create', detail: 'booked 1800' }]);
    expect(outcome.failures).toHaveLength(1);
  });

  it('says a provider whose server never answered is unreachable, with the socket’s words, and keeps a token out of every cause', async () => {
    // What Node's fetch throws for `localhost` when nothing listens on either of its addresses.
    const refused = (host: string) => Object.assign(new Error(`connect ECONNREFUSED ${host}:8080`), { code: 'ECONNREFUSED' });
    const socket = Object.assign(new AggregateError([refused('::1'), refused('127.0.0.1')], ''), { code: 'ECONNREFUSED' });
    const secret = 'tok_0123456789abcdefSECRET';
    const token = { variable: 'FLOWFORGE_TEST_TOKEN', service: 'Test', how: 'Make one.' };
    process.env.FLOWFORGE_TEST_TOKEN = secret;
    try {
      const run = await tracked(
        recordingProvider('a', [], {
          token,
          async plan() {
            throw new Error(`Test request with ${secret} failed: fetch failed`, { cause: new TypeError(`fetch failed ${secret}`, { cause: socket }) });
          },
        }),
      );
      const [failure] = (await run.publish({ dryRun: false })).failures;
      expect(failure?.error).toMatchObject({
        code: 'FF_PROVIDER_UNREACHABLE',
        plugin: 'flowforge-provider-a',
        message: 'The a provider got no answer from its server: Test request with [REDACTED] failed: fetch failed (connect ECONNREFUSED ::1:8080; connect ECONNREFUSED 127.0.0.1:8080)',
      });
      expect(((failure?.error.cause as Error).cause as Error).message).toBe('fetch failed [REDACTED]');
    } finally {
      delete process.env.FLOWFORGE_TEST_TOKEN;
    }
  });
});
