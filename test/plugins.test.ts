import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootKernel, type FlowForgeError, type LogRecord } from '@flowforge/core/internal';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { linkInstall, makeTempRepo, writeFiles } from './helpers/repo.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE_PLUGIN = fileURLToPath(new URL('../examples/plugin-issue-pattern/index.mjs', import.meta.url));

/** A local plugin file as a team would write it, without importing anything. */
const localPlugin = (body: string) => `export default { name: 'team-local', ${body} };\n`;

async function runLifecycle(repo: string, records: LogRecord[] = []) {
  const { kernel, loaded } = await bootKernel({ cwd: repo, logSink: (record) => records.push(record) });
  const logger = kernel.loggerFor('test');
  return kernel.run({ trigger: 'manual', repoRoot: repo, user: 'alice', zone: 'UTC', config: loaded.config, logger, all: false });
}

describe('flowforge plugins', () => {
  it('lists every lifecycle hook, tapped or not, and each plugin with its source and taps', () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      'tools/audit.mjs': localPlugin("apply(kernel) { kernel.hooks.snapshot.tap('audit', () => {}); }"),
      '.flowforgerc.json': JSON.stringify({ plugins: ['@flowforge/plugin-granularity', './tools/audit.mjs'] }),
    });
    const json = JSON.parse(runCli(['plugins', '--json'], { cwd: repo }).stdout);
    expect(json.schema).toBe('flowforge.plugins/1');
    expect(json.hooks.map((hook: { name: string }) => hook.name)).toEqual(['collect', 'aggregate', 'validate', 'snapshot', 'publish', 'migrate']);
    expect(json.hooks.find((hook: { name: string }) => hook.name === 'snapshot')).toEqual({
      name: 'snapshot',
      class: 'AsyncSeriesHook',
      taps: [{ plugin: 'team-local', stage: 0 }],
    });
    expect(json.plugins).toEqual([
      { name: 'flowforge', entry: 'built-in', from: '@flowforge/core', bundled: false, taps: ['collect', 'aggregate', 'validate'], commands: [] },
      { name: '@flowforge/plugin-granularity', entry: 'plugins[0]', from: '@flowforge/cli', bundled: true, taps: ['aggregate'], commands: [] },
      { name: 'team-local', entry: 'plugins[1]', from: join(repo, 'tools/audit.mjs'), bundled: false, taps: ['snapshot'], commands: [] },
    ]);

    const table = runCli(['plugins'], { cwd: repo }).stdout;
    expect(table).toMatch(/collect\s+AsyncParallelHook\s+flowforge\n/);
    expect(table).toMatch(/snapshot\s+AsyncSeriesHook\s+team-local\n/);
    expect(table).toMatch(/migrate\s+AsyncSeriesHook\s+\(no taps\)\n/);
    expect(table).toMatch(/snapshot\s+AsyncSeriesHook\s+team-local/);
    expect(table).toMatch(/team-local\s+snapshot\s+plugins\[1\]/);
  });

  it("uses the CLI's own copy of a first-party plugin the team installed at the same version, and an installed other version as it is", () => {
    const repo = makeTempRepo();
    linkInstall(repo);
    writeFiles(repo, { '.flowforgerc.json': '{ "plugins": ["@flowforge/plugin-backup"] }' });
    const backupOf = (cwd: string) => JSON.parse(runCli(['plugins', '--json'], { cwd }).stdout).plugins.slice(1)[0]; // [0] is core's own taps
    // The same code: the bundle's copy, without a second @flowforge/core and zod.
    expect(backupOf(repo)).toMatchObject({ name: '@flowforge/plugin-backup', bundled: true, from: '@flowforge/cli' });

    const pinned = makeTempRepo();
    const scope = join(pinned, 'node_modules', '@flowforge');
    cpSync(join(ROOT, 'plugins', 'backup'), join(scope, 'plugin-backup'), { recursive: true, filter: (path) => !path.includes('node_modules') });
    const manifest = join(scope, 'plugin-backup', 'package.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), version: '0.0.9' }));
    symlinkSync(join(ROOT, 'packages', 'core'), join(scope, 'core'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', 'zod'), join(pinned, 'node_modules', 'zod'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', 'env-paths'), join(pinned, 'node_modules', 'env-paths'), 'dir');
    writeFiles(pinned, { '.flowforgerc.json': '{ "plugins": ["@flowforge/plugin-backup"] }' });
    expect(backupOf(pinned)).toMatchObject({ name: '@flowforge/plugin-backup', bundled: false, from: join(scope, 'plugin-backup', 'dist', 'index.js') });
  });

  it('names the plugin and "apply" when a local plugin throws while applying', () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      'tools/bad.mjs': localPlugin("apply() { throw new Error('WEBHOOK_URL is not set'); }"),
      'flowforge.config.mjs': "export default { plugins: ['./tools/bad.mjs'] };\n",
    });
    const result = runCli(['plugins'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FF_PLUGIN_FAILED Plugin "team-local" failed in apply: WEBHOOK_URL is not set');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('keeps a catalogued error a plugin throws, with its exit code, and says which plugin threw it', () => {
    const repo = makeTempRepo();
    linkInstall(repo);
    writeFiles(repo, {
      'tools/strict.mjs': [
        "import { flowForgeError } from '@flowforge/core/internal';",
        "export default { name: 'team-local', apply() { throw flowForgeError('FF_BAD_ISSUE', { value: 'x y' }); } };",
      ].join('\n'),
      '.flowforgerc.json': '{ "plugins": ["./tools/strict.mjs"] }',
    });
    const result = runCli(['plugins'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^FF_BAD_ISSUE "x y" is not an issue key\. \(plugin team-local, apply\)\nhint: /);
  });

  it('names the plugin and the hook when a local plugin throws in a tap', async () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      'tools/bad.mjs': localPlugin("apply(kernel) { kernel.hooks.snapshot.tapPromise('x', async () => { throw new Error('remote said 500'); }); }"),
      '.flowforgerc.json': '{ "plugins": ["./tools/bad.mjs"] }',
    });
    const error = (await runLifecycle(repo).catch((thrown: unknown) => thrown)) as FlowForgeError;
    expect(error.code).toBe('FF_PLUGIN_FAILED');
    expect(error.message).toBe('Plugin "team-local" failed in snapshot: remote said 500');
  });

  it('validates options before apply: a bad option stops the plugin from running at all', () => {
    const repo = makeTempRepo();
    linkInstall(repo);
    writeFiles(repo, {
      'tools/strict.mjs': [
        "import { writeFileSync } from 'node:fs';",
        "import { definePlugin, z } from '@flowforge/core/internal';",
        'export default definePlugin({',
        "  name: 'strict',",
        '  options: z.object({ retries: z.number().int().max(5) }),',
        "  apply(_kernel, options) { writeFileSync(new URL('./applied.json', import.meta.url), JSON.stringify(options)); },",
        '});',
      ].join('\n'),
      '.flowforgerc.json': '{ "plugins": [["./tools/strict.mjs", { "retries": 50 }]] }',
    });
    const refused = runCli(['plugins'], { cwd: repo });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('FF_PLUGIN_OPTIONS');
    expect(refused.stderr).toContain('plugins[0].options.retries: Too big: expected number to be <=5');
    expect(existsSync(join(repo, 'tools/applied.json'))).toBe(false);

    writeFiles(repo, { '.flowforgerc.json': '{ "plugins": [["./tools/strict.mjs", { "retries": 3 }]] }' });
    expect(runCli(['plugins'], { cwd: repo }).code).toBe(0);
    expect(existsSync(join(repo, 'tools/applied.json'))).toBe(true);
  });

  it("validates a plugin's options on every run, as its schema reads them in this run's environment", () => {
    const repo = makeTempRepo();
    linkInstall(repo);
    const plugin = (max: number) =>
      [
        "import { appendFileSync } from 'node:fs';",
        "import { definePlugin, z } from '@flowforge/core/internal';",
        'export default definePlugin({',
        "  name: 'counted',",
        // The schema loads on demand, as the first-party plugins' do; each load is counted. Its
        // limit comes from the environment when it is set there.
        `  options: async () => { appendFileSync(new URL('./validations.txt', import.meta.url), 'x'); return z.object({ retries: z.number().max(Number(process.env.MAX_RETRIES ?? ${max})) }); },`,
        "  apply(_kernel, options) { appendFileSync(new URL('./applied.txt', import.meta.url), `${options.retries}\\n`); },",
        '});',
      ].join('\n');
    const validations = () => readFileSync(join(repo, 'tools/validations.txt'), 'utf8').length;
    writeFiles(repo, { 'tools/counted.mjs': plugin(5), '.flowforgerc.json': '{ "plugins": [["./tools/counted.mjs", { "retries": 3 }]] }' });
    mkdirSync(join(repo, '.flowforge')); // a repo that uses FlowForge: runtime caches are kept there
    expect(runCli(['plugins'], { cwd: repo }).code).toBe(0);
    expect(runCli(['plugins'], { cwd: repo }).code).toBe(0);
    expect(validations()).toBe(2);
    const tighter = runCli(['plugins'], { cwd: repo, env: { MAX_RETRIES: '2' } });
    expect(tighter.code).toBe(2);
    expect(tighter.stderr).toContain('plugins[0].options.retries: Too big: expected number to be <=2');

    writeFiles(repo, { '.flowforgerc.json': '{ "plugins": [["./tools/counted.mjs", { "retries": 4 }]] }' });
    expect(runCli(['plugins'], { cwd: repo }).code).toBe(0);
    // A new version of the plugin checks the same options again, and may refuse them.
    writeFiles(repo, { 'tools/counted.mjs': plugin(2) });
    const refused = runCli(['plugins'], { cwd: repo });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('plugins[0].options.retries: Too big: expected number to be <=2');
    expect(readFileSync(join(repo, 'tools/applied.txt'), 'utf8')).toBe('3\n3\n4\n');
    expect(validations()).toBe(5);
  });

  it('keeps validated options only for the first-party plugins whose schemas read nothing but them', () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      '.flowforgerc.json': JSON.stringify({ plugins: [['@flowforge/plugin-granularity', { period: 'week' }], '@flowforge/plugin-backup', ['@flowforge/plugin-github', { owner: 'acme', repo: 'app' }]] }),
    });
    mkdirSync(join(repo, '.flowforge'));
    expect(runCli(['plugins'], { cwd: repo }).code).toBe(0);
    const kept = JSON.parse(readFileSync(join(repo, '.flowforge/daemon/plugin-options.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(kept).sort()).toEqual(['@flowforge/plugin-backup', '@flowforge/plugin-granularity']); // not GitHub's: its baseUrl is GITHUB_API_URL's
  });

  it.each([
    ['a module without a default export', 'export const name = "x";', 'its default export is not an object with a `name` and an `apply` function'],
    ['a module that fails to load', 'import "./missing.mjs";', 'it failed to load'],
  ])('refuses %s with exit 2', (_what, source, reason) => {
    const repo = makeTempRepo();
    writeFiles(repo, { 'tools/p.mjs': source, '.flowforgerc.json': '{ "plugins": ["./tools/p.mjs"] }' });
    const result = runCli(['plugins'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('FF_PLUGIN_INVALID');
    expect(result.stderr).toContain(reason);
  });

  it('refuses the same plugin twice', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': '{ "plugins": ["@flowforge/plugin-backup", ["@flowforge/plugin-backup", { "keep": 3 }]] }' });
    const result = runCli(['plugins'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('FF_PLUGIN_DUPLICATE');
    expect(result.stderr).toContain('plugins[1] loads "@flowforge/plugin-backup" a second time');
  });

  it('accepts inline plugin objects in a JavaScript config', async () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      'flowforge.config.mjs': "export default { plugins: [{ name: 'inline-one', apply(k) { k.hooks.collect.tap('i', () => {}); } }] };\n",
    });
    const [inline] = JSON.parse(runCli(['plugins', '--json'], { cwd: repo }).stdout).plugins.slice(1); // [0] is core's own taps
    expect(inline).toEqual({ name: 'inline-one', entry: 'plugins[0]', from: 'inline', bundled: false, taps: ['collect'], commands: [] });
  });
});

describe('the example third-party plugin (examples/plugin-issue-pattern)', () => {
  /** A local plugin that stands in for the private layer: it supplies the aggregation to check. */
  const supplier = (issues: string[]) =>
    localPlugin(
      `apply(kernel) { kernel.hooks.aggregate.tap('supplier', (aggregation) => ({ ...aggregation, buckets: ${JSON.stringify(issues)}.map((issue) => ` +
        "({ user: 'alice', issue, period: '2026-11-02', seconds: 60, billableSeconds: 60, entries: 1 })) })); }",
    );

  function setUp(issues: string[]) {
    const repo = makeTempRepo();
    writeFiles(repo, {
      'tools/supplier.mjs': supplier(issues),
      '.flowforgerc.json': JSON.stringify({
        plugins: ['./tools/supplier.mjs', [EXAMPLE_PLUGIN, { pattern: '^(\\d+|[A-Z]+-\\d+)$', allow: ['meetings'] }]],
      }),
    });
    return repo;
  }

  it('passes keys that match the pattern or are allowed', async () => {
    const repo = setUp(['42', 'APP-7', 'meetings']);
    const result = await runLifecycle(repo);
    expect(result.aggregation.buckets.map((bucket) => bucket.issue)).toEqual(['42', 'APP-7', 'meetings']);
  });

  it('reports every bad key at once, attributed to the example plugin', async () => {
    const repo = setUp(['42', 'oops', 'misc']);
    const error = (await runLifecycle(repo).catch((thrown: unknown) => thrown)) as FlowForgeError;
    expect(error.code).toBe('FF_VALIDATION_FAILED');
    expect(error.message).toContain('[flowforge-plugin-issue-pattern] issue "oops" does not match');
    expect(error.message).toContain('[flowforge-plugin-issue-pattern] issue "misc" does not match');
  });

  it('is listed with its validate tap by `flowforge plugins`', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': JSON.stringify({ plugins: [[EXAMPLE_PLUGIN, { pattern: '^\\d+$' }]] }) });
    const [example] = JSON.parse(runCli(['plugins', '--json'], { cwd: repo }).stdout).plugins.slice(1); // [0] is core's own taps
    expect(example).toMatchObject({ name: 'flowforge-plugin-issue-pattern', taps: ['validate'] });
  });

  it('refuses an invalid pattern before it applies', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': JSON.stringify({ plugins: [[EXAMPLE_PLUGIN, { pattern: '([' }]] }) });
    const result = runCli(['plugins'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('plugins[0].options.pattern: expected a valid regular expression');
  });
});
