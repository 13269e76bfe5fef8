import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { linkInstall, makeTempRepo, writeFiles } from './helpers/repo.js';

/** `module.enableCompileCache` is Node ≥ 22.1; on older versions the CLI runs without a cache. */
const nodeHasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'flowforge-compile-cache-test-'));
  folders.push(folder);
  return folder;
}

/**
 * A team repo whose config is an ES module (loaded with `import()`) naming a plugin bundled with
 * the CLI, an installed one and a local file (both loaded with `import()`), so that a warm cache
 * is tried on every way the CLI loads code.
 */
function teamRepo(): string {
  const repo = makeTempRepo();
  linkInstall(repo);
  writeFiles(repo, {
    'tools/audit.mjs': "export default { name: 'team-local', apply(kernel) { kernel.hooks.snapshot.tap('audit', () => {}); } };\n",
    'flowforge.config.mjs': "export default { plugins: ['@flowforge/plugin-granularity', '@flowforge/plugin-backup', './tools/audit.mjs'] };\n",
  });
  return repo;
}

describe("Node's compile cache", () => {
  it('changes no output: a run on a warm cache prints what the first run printed', () => {
    const repo = teamRepo();
    const env = { NODE_COMPILE_CACHE: tempFolder() };

    const cold = runCli(['plugins', '--json'], { cwd: repo, env });
    expect(cold.stderr).toBe('');
    expect(cold.code).toBe(0);
    const warm = runCli(['plugins', '--json'], { cwd: repo, env });
    expect(warm).toEqual(cold);
    expect(JSON.parse(warm.stdout).plugins.map((plugin: { name: string }) => plugin.name)).toEqual([
      'flowforge',
      '@flowforge/plugin-granularity',
      '@flowforge/plugin-backup',
      'team-local',
    ]);
    expect(runCli(['plugins', '--json'], { cwd: repo, env: { NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual(cold);

    const config = runCli(['config'], { cwd: repo, env });
    expect(config.code).toBe(0);
    expect(config.stdout).toContain('@flowforge/plugin-backup');
  });

  it('is turned on by the CLI where Node has one (in the temp folder unless NODE_COMPILE_CACHE names another), and not missed where it has none', () => {
    const temp = tempFolder();
    expect(runCli(['--version'], { cwd: makeTempRepo(), env: { NODE_COMPILE_CACHE: undefined, TMPDIR: temp } }).code).toBe(0);
    const folder = join(temp, 'node-compile-cache');
    // Node 22.1+ writes the cache there; Node 20 has no compile cache, and the CLI runs without one.
    expect(existsSync(folder) && readdirSync(folder).length > 0).toBe(nodeHasCompileCache);
  });
});

describe('the bundle', () => {
  it('prints characters outside ASCII as themselves', () => {
    expect(runCli(['init', '--yes'], { cwd: makeTempRepo() }).stdout).toContain('✓ ');
  });
});
