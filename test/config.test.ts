import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { git, makeTempRepo, writeFiles } from './helpers/repo.js';

/** A user mistake: exit 2, the code, the hint, and never a stack trace. */
function expectUserError(result: { code: number; stderr: string }, code: string) {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`^${code} `));
  expect(result.stderr).toContain('\nhint: ');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('flowforge config', () => {
  it('finds the config from a sub-folder of the work tree', () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      'flowforge.config.mjs': "export default { team: { name: 'acme', timezone: 'Europe/Berlin' }, billing: { currency: 'USD' } };\n",
    });
    const sub = join(repo, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    const result = runCli(['config', '--json'], { cwd: sub });
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(json.schema).toBe('flowforge.config/1');
    expect(json.file).toBe(join(repo, 'flowforge.config.mjs'));
    expect(json.config.team).toEqual({ name: 'acme', timezone: 'Europe/Berlin' });
    expect(json.config.billing.currency).toBe('USD');
    expect(json.config.hook).toEqual({ failOnError: false, staleTimerHours: 10 });
  });

  it.each([
    ['.flowforgerc', 'team:\n  name: yaml-rc\n'],
    ['.flowforgerc.json', '{ "team": { "name": "json-rc" } }'],
    ['.flowforgerc.yaml', 'team:\n  name: yaml\n'],
    ['flowforge.config.cjs', "module.exports = { team: { name: 'cjs' } };"],
    ['package.json', '{ "name": "app", "flowforge": { "team": { "name": "pkg" } } }'],
  ])('reads %s', (file, content) => {
    const repo = makeTempRepo();
    writeFiles(repo, { [file]: content });
    const json = JSON.parse(runCli(['config', '--json'], { cwd: repo }).stdout);
    expect(json.file).toBe(join(repo, file));
    expect(json.config.team.name).toBeTruthy();
  });

  it('skips a package.json without a "flowforge" key and keeps searching up', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': '{ "team": { "name": "root" } }', 'app/package.json': '{ "name": "app" }' });
    const json = JSON.parse(runCli(['config', '--json'], { cwd: join(repo, 'app') }).stdout);
    expect(json.config.team.name).toBe('root');
  });

  it('never reads a config above the top of the work tree', () => {
    const outer = makeTempRepo();
    writeFiles(outer, { '.flowforgerc.json': '{ "team": { "name": "outer" } }' });
    const inner = join(outer, 'vendor', 'inner');
    mkdirSync(inner, { recursive: true });
    git(inner, 'init', '--quiet');
    const json = JSON.parse(runCli(['config', '--json'], { cwd: inner }).stdout);
    expect(json.file).toBeNull();
    expect(json.config.team).toEqual({});
  });

  it('uses --config PATH and nothing else', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': '{ "team": { "name": "searched" } }', 'ci/ff.json': '{ "team": { "name": "given" } }' });
    const json = JSON.parse(runCli(['--config', 'ci/ff.json', 'config', '--json'], { cwd: repo }).stdout);
    expect(json.config.team.name).toBe('given');
    expectUserError(runCli(['--config', 'nope.json', 'config'], { cwd: repo }), 'FF_CONFIG_NOT_FOUND');
  });

  it('prints a readable form that names the file', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': '{ "team": { "name": "acme" } }' });
    const result = runCli(['config'], { cwd: repo });
    expect(result.stdout).toContain(`# ${join(repo, '.flowforgerc.json')}`);
    expect(result.stdout).toContain('"name": "acme"');
  });
});

describe('a config that reads the environment', () => {
  it('gives each run the value of its own environment: TEAM_NAME=x flowforge report, then config, run after run', () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      'flowforge.config.mjs': "export default { team: { name: process.env.TEAM_NAME }, billing: { currency: process.env.CURRENCY ?? 'EUR' } };\n",
    });
    mkdirSync(join(repo, '.flowforge')); // where runtime caches go, once a repo uses FlowForge
    const cache = join(repo, '.flowforge/daemon/config.json');
    const names = ['Team-Alpha-7', 'Team-Beta-9'];
    for (const [name, currency] of [[names[0], 'USD'], [names[1], 'CHF'], [names[0], 'USD']] as const) {
      const env = { TEAM_NAME: name, CURRENCY: currency, FLOWFORGE_USER: 'alice', FLOWFORGE_NOW: '2026-11-20T12:00:00Z' };
      // report first: `flowforge config` loads in full, and once refreshed a cache would hide this.
      const html = runCli(['report', '--format', 'html', '--period', '2026-11'], { cwd: repo, env });
      expect(html.stderr).toBe('');
      expect(html.stdout).toContain(`<title>${name} — Billing report`);
      expect(html.stdout).toContain(`Currency ${currency}`);
      const json = JSON.parse(runCli(['config', '--json'], { cwd: repo, env }).stdout);
      expect(json.config.team.name).toBe(name);
      expect(json.config.billing.currency).toBe(currency);
    }

    // A JSON config is data: its bytes alone decide it, so it is kept between runs.
    writeFiles(repo, { '.flowforgerc.json': '{ "team": { "name": "Team-Json" } }' });
    expect(runCli(['report', '--period', '2026-11'], { cwd: repo, env: { FLOWFORGE_USER: 'alice' } }).code).toBe(0);
    expect(readFileSync(cache, 'utf8')).toContain('Team-Json');
  });
});

describe('config errors', () => {
  it('names the file and the line of a syntax error in an ES module config', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { 'flowforge.config.mjs': "export default {\n  team: { name: 'acme' }\n  billing: {}\n};\n" });
    const result = runCli(['config'], { cwd: repo });
    expectUserError(result, 'FF_CONFIG_SYNTAX');
    expect(result.stderr).toContain('flowforge.config.mjs could not be read: line 3:');
  });

  it('names the file of a JSON syntax error', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': '{ "team": { "name": "acme", } }' });
    const result = runCli(['config'], { cwd: repo });
    expectUserError(result, 'FF_CONFIG_SYNTAX');
    expect(result.stderr).toContain('.flowforgerc.json could not be read');
  });

  it('names team.timezone for a bad time zone', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': '{ "team": { "timezone": "Europe/Atlantis" } }' });
    const result = runCli(['config'], { cwd: repo });
    expectUserError(result, 'FF_CONFIG_INVALID');
    expect(result.stderr).toContain('.flowforgerc.json is invalid');
    expect(result.stderr).toContain('team.timezone: expected an IANA time zone such as "Europe/Berlin"');
  });

  it('names billing.currency for a currency of the wrong type', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { 'flowforge.config.mjs': 'export default { billing: { currency: 978 } };\n' });
    const result = runCli(['config', '--json'], { cwd: repo });
    expectUserError(result, 'FF_CONFIG_INVALID');
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('billing.currency: expected a 3-letter ISO 4217 currency code such as "EUR", received number');
  });

  it('refuses an unknown plugin, naming its entry, and never hints to install the name as typed', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': '{ "plugins": ["flowforge-plugin-nonexistent"] }' });
    const result = runCli(['plugins'], { cwd: repo });
    expectUserError(result, 'FF_PLUGIN_NOT_FOUND');
    expect(result.stderr).toContain('plugins[0] "flowforge-plugin-nonexistent" could not be found');
    expect(result.stderr).toContain("hint: Check the name in .flowforgerc.json. A plugin from npm must be listed in the team repo's package.json");
    expect(result.stderr).not.toContain('npm install');
  });

  it('refuses a bad plugin option with its full path', () => {
    const repo = makeTempRepo();
    writeFiles(repo, {
      '.flowforgerc.json': JSON.stringify({
        plugins: ['@flowforge/plugin-backup', ['@flowforge/plugin-granularity', { period: 'fortnight', rounding: { increment: 'soon' } }]],
      }),
    });
    const result = runCli(['plugins'], { cwd: repo });
    expectUserError(result, 'FF_PLUGIN_OPTIONS');
    expect(result.stderr).toContain('invalid options for plugin "@flowforge/plugin-granularity"');
    expect(result.stderr).toContain('plugins[1].options.period: Invalid option: expected one of "day"|"week"|"month"');
    expect(result.stderr).toContain('plugins[1].options.rounding.increment: expected a duration');
  });

  it('shows the stack only with --debug', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { 'flowforge.config.mjs': 'export default {;\n' });
    expect(runCli(['config'], { cwd: repo }).stderr).not.toContain('SyntaxError');
    const debug = runCli(['--debug', 'config'], { cwd: repo });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toContain('SyntaxError');
  });
});

describe('the config cache', () => {
  const pluginNames = (repo: string) => (JSON.parse(runCli(['plugins', '--json'], { cwd: repo }).stdout) as { plugins: { name: string }[] }).plugins.map((p) => p.name);
  /** A config that counts how often it is evaluated, in `evaluations.txt` beside it. */
  const countingConfig = (body: string) =>
    `import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('./evaluations.txt', import.meta.url), 'x');\nexport default ${body};\n`;
  const evaluations = (repo: string) => readFileSync(join(repo, 'evaluations.txt'), 'utf8').length;

  it('evaluates a config that is code on every run; keeps one that is data while its file is unchanged', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { 'flowforge.config.mjs': countingConfig("{ team: { name: 'acme' } }") });
    // Reading creates no runtime folder in a repo that does not use FlowForge yet: no cache there.
    expect(pluginNames(repo)).toEqual(['flowforge', '@flowforge/plugin-granularity', '@flowforge/plugin-backup']);
    expect(existsSync(join(repo, '.flowforge'))).toBe(false);
    expect(evaluations(repo)).toBe(1);
    mkdirSync(join(repo, '.flowforge'));
    expect(pluginNames(repo)).toEqual(['flowforge', '@flowforge/plugin-granularity', '@flowforge/plugin-backup']);
    expect(pluginNames(repo)).toEqual(['flowforge', '@flowforge/plugin-granularity', '@flowforge/plugin-backup']);
    expect(evaluations(repo)).toBe(3); // what it gives may depend on the environment, which no stamp shows

    writeFileSync(join(repo, 'flowforge.config.mjs'), countingConfig("{ plugins: ['@flowforge/plugin-granularity'] }"));
    expect(pluginNames(repo)).toEqual(['flowforge', '@flowforge/plugin-granularity']);
    expect(evaluations(repo)).toBe(4);
    expect(JSON.parse(runCli(['config', '--json'], { cwd: repo }).stdout).config.plugins).toEqual(['@flowforge/plugin-granularity']);
    expect(evaluations(repo)).toBe(5);

    // A config file found earlier in the search takes over at once; it is data, and kept.
    writeFiles(repo, { '.flowforgerc.json': '{ "plugins": [] }' });
    expect(pluginNames(repo)).toEqual(['flowforge']);
    const cache = join(repo, '.flowforge/daemon/config.json');
    const kept = readFileSync(cache, 'utf8');
    expect(pluginNames(repo)).toEqual(['flowforge']);
    expect(readFileSync(cache, 'utf8')).toBe(kept);
    writeFiles(repo, { '.flowforgerc.json': '{ "plugins": ["@flowforge/plugin-backup"] }' });
    expect(pluginNames(repo)).toEqual(['flowforge', '@flowforge/plugin-backup']);
    expect(evaluations(repo)).toBe(5);
  });

  it('a config that holds plugin objects is loaded every time too', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { 'flowforge.config.mjs': countingConfig("{ plugins: [{ name: 'inline-one', apply() {} }] }") });
    mkdirSync(join(repo, '.flowforge'));
    expect(pluginNames(repo)).toEqual(['flowforge', 'inline-one']);
    expect(pluginNames(repo)).toEqual(['flowforge', 'inline-one']);
    expect(evaluations(repo)).toBe(2);
  });
});
