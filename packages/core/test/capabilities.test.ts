import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { corePlugin } from '../src/aggregation/core-plugin.js';
import { privateLogFor } from '../src/capabilities/private-log.js';
import { teamLayerAt } from '../src/capabilities/team-layer.js';
import { validateConfig } from '../src/config/validate.js';
import { type CommandContext, definePlugin, type FlowForgePlugin, type PublishTotals } from '../src/index.js';
import { Kernel } from '../src/kernel.js';
import { runTracking } from '../src/testing.js';
import { UserStore } from '../src/store/user-store.js';
import { addEntry, editEntry } from '../src/tracking/entries.js';

/**
 * Third-party plugins written only from docs/plugins.md ("Capabilities") that reach the stores
 * through `ctx.privateLog` and `ctx.teamLayer`, run by the kernel in a temporary folder.
 */

/** The docs' importer: hours from another tracker, filed in the developer's private log. */
const hoursImporter = definePlugin({
  name: 'flowforge-import-hours',
  apply(kernel) {
    kernel.addCommand({
      name: 'import-hours',
      summary: 'import hours from the old tracker',
      async run({ privateLog, print }) {
        const entries = [
          { issue: '42', start: '2026-11-02T13:00:00Z', end: '2026-11-02T15:00:00Z', note: 'from the old tracker' },
          { issue: '7', start: '2026-11-03T23:00:00Z', end: '2026-11-04T01:00:00Z' },
          // Overlaps the developer's own entry: never imported over it.
          { issue: '99', start: '2026-11-02T08:30:00Z', end: '2026-11-02T09:30:00Z' },
        ];
        const { added, present, overlapping } = await privateLog.import(entries, { source: 'old-tracker' });
        print(`added ${added}, present ${present}, overlapping ${overlapping}`);
      },
    });
  },
});

/** The docs' reader: billable hours per issue from what the team has committed. */
const teamHours = definePlugin({
  name: 'flowforge-team-hours',
  apply(kernel) {
    kernel.addCommand({
      name: 'team-hours',
      summary: 'billable hours per issue',
      async run({ teamLayer, print }) {
        const perIssue = new Map<string, number>();
        for (const bucket of (await teamLayer.read()).buckets) perIssue.set(bucket.issue, (perIssue.get(bucket.issue) ?? 0) + bucket.billableSeconds);
        for (const [issue, seconds] of [...perIssue].sort()) print(`${issue} ${seconds / 3600}`);
      },
    });
  },
});

const config = validateConfig({}, 'test');
const USER = 'alice';

async function setUp(...plugins: FlowForgePlugin[]) {
  const dir = mkdtempSync(join(tmpdir(), 'flowforge-capabilities-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const kernel = new Kernel();
  for (const plugin of [corePlugin, ...plugins]) await kernel.use(plugin, undefined, { config, configDir: dir }, { entry: plugin.name, from: 'inline', bundled: false });
  const store = UserStore.forRepo(dir, USER);
  const logger = kernel.loggerFor('test');
  const aggregate = () => store.locked(() => kernel.run({ trigger: 'manual', repoRoot: dir, user: USER, zone: 'UTC', config, logger, all: false }));
  const command = async (name: string): Promise<string[]> => {
    const found = kernel.commands.find(({ command: candidate }) => candidate.name === name);
    if (!found) throw new Error(`no command ${name}`);
    const lines: string[] = [];
    const context: CommandContext = {
      args: [],
      options: {},
      cwd: dir,
      repoRoot: dir,
      config,
      configDir: dir,
      logger,
      kernel,
      print: (line = '') => void lines.push(line),
      privateLog: privateLogFor({ repoRoot: dir, user: USER, underRunLock: false }),
      teamLayer: teamLayerAt(dir),
    };
    await found.command.run(context);
    return lines;
  };
  return { dir, kernel, store, aggregate, command };
}

const track = (store: UserStore, issue: string, start: string, end: string) =>
  addEntry({ store, nowMs: Date.parse('2026-12-01T00:00:00Z'), staleTimerHours: 24 }, { issue, startMs: Date.parse(start), endMs: Date.parse(end), billable: true });

describe('store capabilities, as a third party reads docs/plugins.md', () => {
  it('ctx.privateLog.import files entries once, never over tracked time, and the next aggregation publishes them', async () => {
    const { store, aggregate, command } = await setUp(hoursImporter, teamHours);
    await track(store, '42', '2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z');
    await aggregate();

    // The one that overlaps the developer's own entry stays out, the second time too.
    expect(await command('import-hours')).toEqual(['added 2, present 0, overlapping 1']);
    expect(await command('import-hours')).toEqual(['added 0, present 2, overlapping 1']);
    const log = await store.entriesBetween(Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-05T00:00:00Z'));
    expect(log.map(({ issue, start, end, note, source }) => ({ issue, start, end, note, source }))).toEqual([
      { issue: '42', start: '2026-11-02T08:00:00Z', end: '2026-11-02T10:00:00Z', note: undefined, source: undefined },
      { issue: '42', start: '2026-11-02T13:00:00Z', end: '2026-11-02T15:00:00Z', note: 'from the old tracker', source: undefined },
      { issue: '7', start: '2026-11-03T23:00:00Z', end: '2026-11-04T01:00:00Z', note: undefined, source: undefined },
    ]);

    // Only the days the import changed are aggregated (all: false), and that is enough.
    await aggregate();
    expect(await command('team-hours')).toEqual(['42 4', '7 2']);
  });

  it('an import the developer edited or removed is not imported again', async () => {
    const { store, command } = await setUp(hoursImporter);
    expect(await command('import-hours')).toEqual(['added 3, present 0, overlapping 0']);
    const [first] = await store.entriesBetween(Date.parse('2026-11-02T00:00:00Z'), Date.parse('2026-11-03T00:00:00Z'));
    if (!first) throw new Error('nothing imported');
    await store.locked(() => store.append('2026-11-02', [{ v: 1, op: 'rm', at: '2026-12-01T00:00:00Z', id: first.id, previous: first }]));
    // With no tracked time in the way, all three went in; the removed one stays removed.
    expect(first.issue).toBe('99');
    expect(await command('import-hours')).toEqual(['added 0, present 3, overlapping 0']);
    expect((await store.entriesBetween(Date.parse('2026-11-02T00:00:00Z'), Date.parse('2026-11-05T00:00:00Z'))).map((entry) => entry.issue)).toEqual(['42', '7']);
  });

  it('time kept out of aggregation stays out when the developer edits or moves it, and no published import goes over it', async () => {
    const { dir, store, aggregate, command } = await setUp(teamHours);
    const log = privateLogFor({ repoRoot: dir, user: USER, underRunLock: false });
    const session = { issue: '42', start: '2026-11-02T09:00:00Z', end: '2026-11-02T11:00:00Z' };
    expect(await log.import([session], { source: 'v1', publish: false })).toEqual({ added: 1, present: 0, overlapping: 0 });
    const [kept] = await log.read({ from: '2026-11-02T00:00:00Z', to: '2026-11-03T00:00:00Z' });
    if (!kept) throw new Error('nothing imported');
    const context = { store, nowMs: Date.parse('2026-12-01T00:00:00Z'), staleTimerHours: 24, zone: 'UTC' };
    await editEntry(context, kept.id, { note: 'typo fixed' });
    const moved = await editEntry(context, kept.id, { startMs: Date.parse('2026-11-03T09:00:00Z'), endMs: Date.parse('2026-11-03T11:00:00Z') });
    expect(moved.source).toBe('v1');
    await aggregate();
    expect(await command('team-hours')).toEqual([]);

    // The same hours imported as tracked time would bill them a second time.
    expect(await log.import([{ ...session, start: '2026-11-03T10:00:00Z', end: '2026-11-03T12:00:00Z' }], { source: 'other' })).toEqual({ added: 0, present: 0, overlapping: 1 });
  });

  it('ctx.teamLayer.read() sums what the report reads, and a run refuses an import the run would never publish', async () => {
    let seen: PublishTotals | undefined;
    const readDuringSnapshot: number[] = [];
    const refused: string[] = [];
    const { store, aggregate, kernel, dir } = await setUp(
      definePlugin({
        name: 'snapshot-reader',
        apply(k) {
          k.hooks.snapshot.tapPromise('snapshot-reader', async (_aggregation, _changes, context) => {
            readDuringSnapshot.push((await context.teamLayer.read({ users: [USER], from: '2026-11-01', to: '2026-11-30' })).buckets.length);
            await context.privateLog.import([{ issue: '5', start: '2026-11-05T08:00:00Z', end: '2026-11-05T09:00:00Z' }], { source: 'late' }).catch((error: { code: string }) => refused.push(error.code));
          });
          k.addProvider({
            name: 'spy',
            async plan(totals) {
              seen = totals;
              return [];
            },
            async apply() {},
          });
        },
      }),
    );
    await track(store, '42', '2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z');
    await track(store, '42', '2026-11-03T08:00:00Z', '2026-11-03T08:30:00Z');
    await aggregate();
    expect(readDuringSnapshot).toEqual([2]);
    expect(refused).toEqual(['FF_USAGE']);

    const read = await teamLayerAt(dir).read();
    await kernel.publish({ repoRoot: dir, config, dryRun: true, only: null });
    expect(read.buckets).toEqual(seen?.buckets);
    expect(read.alteredFiles).toBe(0);
    expect((await teamLayerAt(dir).read({ from: '2026-11-03' })).buckets.map((bucket) => bucket.period)).toEqual(['2026-11-03']);
    expect((await teamLayerAt(dir).read({ users: ['bob'] })).buckets).toEqual([]);
  });

  it('the documented test helper runs an importer and the aggregation after it, as a plugin author tests one', async () => {
    const run = await runTracking({ plugins: [hoursImporter], entries: [{ issue: '42', start: '2026-11-02T08:00:00Z', end: '2026-11-02T10:00:00Z' }] });
    onTestFinished(() => run.cleanup());
    expect(run.buckets.map(({ issue, seconds }) => [issue, seconds])).toEqual([['42', 7200]]);
    expect(await run.command('import-hours')).toEqual({ code: 0, lines: ['added 2, present 0, overlapping 1'] });
    const buckets = await run.aggregate();
    expect(buckets.map(({ issue, period, seconds }) => [issue, period, seconds])).toEqual([
      ['42', '2026-11-02', 4 * 3600],
      ['7', '2026-11-03', 3600],
      ['7', '2026-11-04', 3600],
    ]);
  });

  it('refuses entries the store cannot file, with FlowForge errors', async () => {
    const { dir } = await setUp();
    const log = privateLogFor({ repoRoot: dir, user: USER, underRunLock: false });
    const entry = { issue: '42', start: '2026-11-02T08:00:00Z', end: '2026-11-02T09:00:00Z' };
    await expect(log.import([entry], { source: 'Not A Source' })).rejects.toMatchObject({ code: 'FF_USAGE' });
    await expect(log.import([{ ...entry, issue: 'no spaces' }], { source: 'x' })).rejects.toMatchObject({ code: 'FF_BAD_ISSUE' });
    await expect(log.import([{ ...entry, start: '2026-11-02 08:00' }], { source: 'x' })).rejects.toMatchObject({ code: 'FF_BAD_TIME' });
    await expect(log.import([{ ...entry, end: entry.start }], { source: 'x' })).rejects.toMatchObject({ code: 'FF_BAD_RANGE' });
    expect(await log.read({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') })).toEqual([]);
  });
});
