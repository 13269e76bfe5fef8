import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy, runCli } from './helpers/cli.js';
import { makeTempRepo } from './helpers/repo.js';

const DOCUMENTED_COMMANDS = [
  'init', 'start', 'pause', 'resume', 'stop', 'switch', 'status', 'add', 'log', 'edit', 'rm', 'aggregate', 'hook',
  'report', 'verify', 'recover', 'doctor', 'daemon', 'migrate', 'publish', 'export', 'erase', 'config', 'plugins',
];

describe('the flowforge command', () => {
  it('prints its version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../packages/cli/package.json', import.meta.url), 'utf8'));
    const result = runCli(['--version'], { cwd: makeTempRepo() });
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists every documented command in --help', () => {
    const result = runCli(['--help'], { cwd: makeTempRepo() });
    expect(result.code).toBe(0);
    for (const command of DOCUMENTED_COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('loads neither zod, cosmiconfig nor any plugin for --version, nor for the help of one of its own commands', () => {
    const repo = makeTempRepo();
    for (const args of [['--version'], ['report', '--help']]) {
      const loaded = modulesLoadedBy(args, repo).join('\n');
      expect(loaded).toContain('commander');
      expect(loaded).not.toMatch(/\/zod\/|cosmiconfig|tapable|plugin-granularity|plugin-backup/);
    }
  });

  it('runs verify without zod, cosmiconfig or any plugin: CI needs nothing but the CLI', () => {
    const repo = makeTempRepo();
    const loaded = modulesLoadedBy(['verify'], repo).join('\n');
    expect(loaded).toContain('recovery/verify.js');
    expect(loaded).not.toMatch(/\/zod\/|cosmiconfig|tapable|plugin-granularity|plugin-backup/);
  });

  it('loads no zod once the config and the plugin options were validated: a commit does not pay for them', () => {
    const repo = makeTempRepo();
    mkdirSync(join(repo, '.flowforge'));
    writeFileSync(join(repo, 'flowforge.config.mjs'), "export default { plugins: [['@flowforge/plugin-granularity', { period: 'week' }], '@flowforge/plugin-backup'] };\n");
    const validating = modulesLoadedBy(['plugins'], repo).join('\n');
    expect(validating).toMatch(/\/zod\//);
    // zod's classic API and its English messages only: a namespace import of zod anywhere would
    // bundle its 60-odd translations into every validation.
    expect(validating).toContain('/zod/v4/locales/en.js');
    expect(validating).not.toMatch(/\/zod\/v4\/locales\/(?!en\.js)/);
    const cached = modulesLoadedBy(['plugins'], repo).join('\n');
    expect(cached).toContain('plugins/granularity/dist/index.js');
    expect(cached).not.toMatch(/\/zod\/|config\/schema\.js|cosmiconfig/);
  });

  it.each([
    [['bogus'], "unknown command 'bogus'", 'flowforge --help'],
    [['config', '--jsno'], "unknown option '--jsno'", 'flowforge config --help'],
    [['erase'], "required option '--user <id>' not specified", 'flowforge erase --help'],
    [['report', '--format', 'pdf'], "option '--format <format>' argument 'pdf' is invalid", 'flowforge report --help'],
  ])('treats %j as a usage error (exit 2) with a hint', (args, message, help) => {
    const result = runCli(args, { cwd: makeTempRepo() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`FF_USAGE ${message}`);
    expect(result.stderr).toMatch(new RegExp(`^hint: (Did you mean .*\\? )?Run \`${help}\``, 'm'));
  });
});
