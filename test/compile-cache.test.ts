import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BOUNDED, runCli } from './helpers/cli.js';
import { linkInstall, makeTempRepo, writeFiles } from './helpers/repo.js';

const BUNDLE = fileURLToPath(new URL('../packages/cli/bundle/', import.meta.url));
const NODE_FOLDER = `${process.version}-${process.arch}-`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'flowforge-compile-cache-test-'));
  folders.push(folder);
  return folder;
}

/** The cache's folders for this Node version: one per install of the CLI. */
function installFolders(cache: string): string[] {
  return existsSync(cache) ? readdirSync(cache).filter((name) => name.startsWith(NODE_FOLDER)).map((name) => join(cache, name)) : [];
}

/** Each cache entry of `command`'s runs: its name → its modification time, to tell whether a run wrote anything. */
function entries(cache: string, command: string): Record<string, number> {
  const [install, ...others] = installFolders(cache);
  expect(others).toEqual([]);
  const dir = install === undefined ? undefined : join(install, command);
  if (dir === undefined || !existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs]));
}

/**
 * A team repo whose config is an ES module (loaded with `import()`) naming a plugin bundled with
 * the CLI, an installed one and a local file (both loaded with `import()`): with a warm cache, an
 * `import()` compiled from V8's cached data is what broke.
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

describe('the compile cache of the bundle', () => {
  it('is written by the first run, used as is by the next, and changes no output', () => {
    const repo = teamRepo();
    const cache = tempFolder();
    const env = { FLOWFORGE_COMPILE_CACHE: cache };

    const cold = runCli(['plugins', '--json'], { cwd: repo, env });
    expect(cold.stderr).toBe('');
    expect(cold.code).toBe(0);
    const written = entries(cache, 'plugins');
    expect(Object.keys(written)).toContain('main.cjs');
    for (const name of Object.keys(written)) expect(existsSync(join(BUNDLE, name)), name).toBe(true); // no temp file left

    const warm = runCli(['plugins', '--json'], { cwd: repo, env });
    expect(warm).toEqual(cold);
    expect(JSON.parse(warm.stdout).plugins.map((plugin: { name: string }) => plugin.name)).toEqual([
      'flowforge',
      '@flowforge/plugin-granularity',
      '@flowforge/plugin-backup',
      'team-local',
    ]);
    expect(entries(cache, 'plugins')).toEqual(written); // V8 accepted every entry: nothing rewritten

    const config = runCli(['config'], { cwd: repo, env });
    expect(config.code).toBe(0);
    expect(config.stdout).toContain('@flowforge/plugin-backup');
  });

  it('ignores an entry that V8 rejects or that holds another source, and rewrites it', () => {
    const repo = teamRepo();
    const cache = tempFolder();
    const env = { FLOWFORGE_COMPILE_CACHE: cache };
    const expected = runCli(['plugins', '--json'], { cwd: repo, env: { FLOWFORGE_COMPILE_CACHE: '0' } });
    expect(runCli(['plugins', '--json'], { cwd: repo, env })).toEqual(expected); // makes the install's folder

    const main = join(installFolders(cache)[0]!, 'plugins', 'main.cjs');
    const source = readFileSync(join(BUNDLE, 'main.cjs'));
    for (const entry of [Buffer.concat([source, Buffer.from('not V8 data'.repeat(100))]), Buffer.from('garbage')]) {
      writeFileSync(main, entry);
      expect(runCli(['plugins', '--json'], { cwd: repo, env })).toEqual(expected);
      const rewritten = readFileSync(main);
      expect(rewritten.subarray(0, source.length).equals(source)).toBe(true);
      expect(rewritten.equals(entry)).toBe(false);
    }
  });

  it('keeps a folder per install, and drops the entries of chunks an upgrade in place removed', () => {
    const repo = makeTempRepo();
    const cache = tempFolder();
    const env = { FLOWFORGE_COMPILE_CACHE: cache };
    // A second install of the CLI, as a global one beside the project's that the hook runs.
    const other = tempFolder();
    for (const part of ['bin', 'bundle', 'package.json']) cpSync(join(BUNDLE, '..', part), join(other, part), { recursive: true });
    const runOther = () => spawnSync(process.execPath, [join(other, 'bin', 'flowforge.cjs'), '--version'], { cwd: repo, env: { ...process.env, ...env }, ...BOUNDED }).status;

    expect(runCli(['--version'], { cwd: repo, env }).code).toBe(0);
    const [mine] = installFolders(cache);
    expect(runOther()).toBe(0);
    const theirs = installFolders(cache).find((folder) => folder !== mine)!;
    expect(installFolders(cache).sort()).toEqual([mine, theirs].sort());
    const written = [mine!, theirs].map((folder) => statSync(join(folder, 'main', 'main.cjs')).mtimeMs);
    expect(runCli(['--version'], { cwd: repo, env }).code).toBe(0);
    expect(runOther()).toBe(0);
    expect([mine!, theirs].map((folder) => statSync(join(folder, 'main', 'main.cjs')).mtimeMs)).toEqual(written); // neither replaced the other's

    // An upgrade in place: the install writes its new chunks' entries and removes the old ones,
    // and the entries of the layout before folders per command.
    writeFileSync(join(theirs, 'main', 'views-OldChunk.cjs'), 'the entry of a chunk that is gone');
    writeFileSync(join(theirs, 'main.cjs'), 'an entry of the layout before folders per command');
    rmSync(join(theirs, 'main', 'main.cjs'));
    expect(runOther()).toBe(0);
    expect(readdirSync(theirs)).toEqual(['main']);
    expect(readdirSync(join(theirs, 'main'))).toContain('main.cjs');
    expect(readdirSync(join(theirs, 'main'))).not.toContain('views-OldChunk.cjs');
    expect(readdirSync(join(theirs, 'main')).sort()).toEqual(readdirSync(join(mine!, 'main')).sort());
  });

  it('keeps the entries of each command apart: a commit never uses what `config` compiled; a usage error writes none', () => {
    const repo = teamRepo();
    const cache = tempFolder();
    const env = { FLOWFORGE_COMPILE_CACHE: cache };
    expect(runCli(['config'], { cwd: repo, env }).code).toBe(0);
    const config = entries(cache, 'config');
    // The kernel's chunk, which the hook loads too.
    const modules = JSON.parse(readFileSync(join(BUNDLE, 'modules.json'), 'utf8')) as Record<string, string[]>;
    const kernel = Object.keys(config).filter((name) => modules[name]?.some((id) => id.endsWith('core/dist/kernel.js')));
    expect(kernel).toHaveLength(1);

    expect(runCli(['add', '42', '--duration', '1h', '--date', '2026-11-02'], { cwd: repo, env }).code).toBe(0);
    expect(runCli(['hook', 'pre-commit'], { cwd: repo, env }).code).toBe(0);
    expect(Object.keys(entries(cache, 'hook'))).toEqual(expect.arrayContaining(kernel));
    expect(entries(cache, 'config')).toEqual(config);

    expect(runCli(['bogus'], { cwd: repo, env }).code).toBe(2);
    expect(readdirSync(installFolders(cache)[0]!).sort()).toEqual(['add', 'config', 'hook']);
  });

  it.runIf(process.platform !== 'win32')('lives in the temp folder, per user and Node version, unless turned off', () => {
    const repo = makeTempRepo();
    const temp = tempFolder();
    const folder = join(temp, `flowforge-compile-cache-${process.getuid!()}`);

    expect(runCli(['--version'], { cwd: repo, env: { FLOWFORGE_COMPILE_CACHE: '0', TMPDIR: temp } }).code).toBe(0);
    expect(existsSync(folder)).toBe(false);

    expect(runCli(['--version'], { cwd: repo, env: { FLOWFORGE_COMPILE_CACHE: undefined, TMPDIR: temp } }).code).toBe(0);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(Object.keys(entries(folder, 'main'))).toContain('main.cjs');
  });

  it.runIf(process.platform !== 'win32')('neither reads nor writes a folder that others can write', () => {
    const repo = makeTempRepo();
    const cache = tempFolder();
    chmodSync(cache, 0o777);
    const result = runCli(['--version'], { cwd: repo, env: { FLOWFORGE_COMPILE_CACHE: cache } });
    expect(result.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('the bundle', () => {
  it('is ASCII throughout, which V8 stores in half the memory (other characters are escaped)', () => {
    const chunks = readdirSync(BUNDLE).filter((name) => name.endsWith('.cjs'));
    expect(chunks.length).toBeGreaterThan(5);
    const notAscii = chunks.filter((name) => readFileSync(join(BUNDLE, name)).some((byte) => byte > 0x7f));
    expect(notAscii).toEqual([]);
    // The escapes still print as the characters they stand for.
    expect(runCli(['init', '--yes'], { cwd: makeTempRepo() }).stdout).toContain('✓ ');
  });
});
