import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { validateConfig } from '../src/config/validate.js';
import { FlowForgeError } from '../src/errors.js';
import type { RunRequest } from '../src/hooks.js';
import { Kernel } from '../src/kernel.js';
import type { LogRecord } from '../src/logger.js';
import { definePlugin, type FlowForgePlugin } from '../src/plugin.js';

const config = validateConfig({}, 'test');
const source = { entry: 'test', from: 'inline', bundled: false };

/** A run in an empty folder: with no months collected, the kernel's write step writes nothing. */
function contextFor(kernel: Kernel): RunRequest {
  const logger = kernel.loggerFor('test');
  const repoRoot = mkdtempSync(join(tmpdir(), 'flowforge-kernel-'));
  onTestFinished(() => rmSync(repoRoot, { recursive: true, force: true }));
  return { trigger: 'manual', repoRoot, user: 'alice', zone: 'UTC', config, logger, all: false };
}

async function kernelWith(...plugins: FlowForgePlugin[]): Promise<Kernel> {
  const kernel = new Kernel();
  for (const plugin of plugins) await kernel.use(plugin, undefined, { config, configDir: '/repo' }, source);
  return kernel;
}

const bucket = { user: 'alice', issue: '42', period: '2026-11-02', seconds: 3600, billableSeconds: 3600, entries: 1 };

describe('Kernel', () => {
  it('declares the five lifecycle hooks once, with the classes their stages need, and freezes them', () => {
    const kernel = new Kernel();
    expect(Object.keys(kernel.hooks)).toEqual(['collect', 'aggregate', 'validate', 'snapshot', 'migrate']);
    expect(Object.isFrozen(kernel.hooks)).toBe(true);
    expect(kernel.hooks.collect.constructor.name).toBe('AsyncParallelHook');
    expect(kernel.hooks.aggregate.constructor.name).toBe('AsyncSeriesWaterfallHook');
    expect(kernel.hooks.validate.constructor.name).toBe('AsyncSeriesHook');
    expect(() => {
      (kernel.hooks as Record<string, unknown>).collect = null;
    }).toThrow(TypeError);
  });

  it('runs the stages in order and passes the waterfall value on', async () => {
    const order: string[] = [];
    const kernel = await kernelWith(
      definePlugin({
        name: 'recorder',
        apply(k) {
          k.hooks.collect.tapPromise('recorder', async (collection) => {
            order.push('collect');
            collection.shards.set('2026-11', 1);
          });
          k.hooks.aggregate.tapPromise('recorder', async (aggregation, collection) => {
            order.push('aggregate');
            return { ...aggregation, buckets: [...aggregation.buckets, { ...bucket, period: `${[...collection.shards.keys()][0]}-02` }] };
          });
          k.hooks.aggregate.tap('recorder', (aggregation) => {
            order.push('aggregate-2');
            return { ...aggregation, buckets: aggregation.buckets.map((b) => ({ ...b, seconds: b.seconds * 2 })) };
          });
          k.hooks.validate.tap('recorder', () => void order.push('validate'));
          k.hooks.snapshot.tap('recorder', () => void order.push('snapshot'));
        },
      }),
    );
    const result = await kernel.run(contextFor(kernel));
    expect(order).toEqual(['collect', 'aggregate', 'aggregate-2', 'validate', 'snapshot']);
    expect(result.aggregation.buckets).toEqual([{ ...bucket, seconds: 7200 }]);
  });

  it('attributes taps to the plugin being applied, whatever the tap is called', async () => {
    const kernel = await kernelWith(
      definePlugin({
        name: 'honest',
        apply(k) {
          k.hooks.validate.tap('a misleading name', () => {});
          k.hooks.snapshot.tapPromise('x', async () => {});
        },
      }),
    );
    expect(kernel.taps).toEqual([
      { hook: 'validate', plugin: 'honest', stage: 0 },
      { hook: 'snapshot', plugin: 'honest', stage: 0 },
    ]);
    expect(kernel.plugins[0]?.taps).toEqual(['validate', 'snapshot']);
  });

  it.each(['sync', 'promise', 'async'] as const)('names the plugin and the hook when a %s tap throws', async (style) => {
    const kernel = await kernelWith(
      definePlugin({
        name: 'fragile',
        apply(k) {
          if (style === 'sync')
            k.hooks.snapshot.tap('fragile', () => {
              throw new Error('disk full');
            });
          if (style === 'promise') k.hooks.snapshot.tapPromise('fragile', async () => Promise.reject(new Error('disk full')));
          if (style === 'async') k.hooks.snapshot.tapAsync('fragile', (_a, _changes, _c, callback) => callback(new Error('disk full')));
        },
      }),
    );
    const error = await kernel.run(contextFor(kernel)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FlowForgeError);
    expect(error).toMatchObject({ code: 'FF_PLUGIN_FAILED', exitCode: 1 });
    expect((error as Error).message).toBe('Plugin "fragile" failed in snapshot: disk full');
    expect(((error as Error).cause as Error).message).toBe('disk full');
  });

  it('names the plugin when apply throws', async () => {
    const error = await kernelWith(
      definePlugin({
        name: 'broken',
        apply() {
          throw new Error('missing token');
        },
      }),
    ).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toBe('Plugin "broken" failed in apply: missing token');
  });

  it('gathers every validation failure, thrown or reported, before it stops the run', async () => {
    const snapshots: string[] = [];
    const kernel = await kernelWith(
      definePlugin({
        name: 'first',
        apply(k) {
          k.hooks.validate.tap('first', (_aggregation, validation) => {
            validation.fail('negative seconds in 42');
            validation.fail('overlap on 2026-11-02');
          });
        },
      }),
      definePlugin({
        name: 'second',
        apply(k) {
          k.hooks.validate.tapPromise('second', async () => {
            throw new Error('schema mismatch');
          });
          k.hooks.snapshot.tap('second', () => void snapshots.push('snapshot'));
        },
      }),
    );
    const error = (await kernel.run(contextFor(kernel)).catch((thrown: unknown) => thrown)) as FlowForgeError;
    expect(error.code).toBe('FF_VALIDATION_FAILED');
    expect(error.message).toContain('3 problem(s)');
    expect(error.message).toContain('[first] negative seconds in 42');
    expect(error.message).toContain('[first] overlap on 2026-11-02');
    expect(error.message).toContain('[second] threw: schema mismatch');
    expect(snapshots).toEqual([]);
  });

  it('gives each plugin a logger scoped to its name', async () => {
    const records: LogRecord[] = [];
    const kernel = new Kernel({ logSink: (record) => records.push(record) });
    await kernel.use(
      definePlugin({ name: 'talker', apply: (_k, _o, { logger }) => logger.warn('rate limit close') }),
      undefined,
      { config, configDir: '/repo' },
      source,
    );
    expect(records).toEqual([{ level: 'warn', scope: 'talker', message: 'rate limit close' }]);
  });
});
