import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { makeTempRepo, writeFiles } from './helpers/repo.js';

/** The hints of a name that is not found: what the user most likely meant, never an install of the typo. */
describe('a plugin that is not found', () => {
  const pluginsOf = (files: Record<string, string>) => {
    const repo = makeTempRepo();
    writeFiles(repo, files);
    const result = runCli(['config'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^FF_PLUGIN_NOT_FOUND /);
    expect(result.stderr).not.toContain('npm install');
    return result.stderr;
  };

  it('misspelt, suggests the first-party plugin it was meant to be', () => {
    const stderr = pluginsOf({ '.flowforgerc.json': '{ "plugins": ["@flowforge/plugin-granularty"] }' });
    expect(stderr).toContain('plugins[0] "@flowforge/plugin-granularty" could not be found');
    expect(stderr).toContain('hint: Did you mean "@flowforge/plugin-granularity"? Correct plugins[0] in .flowforgerc.json.');
  });

  it('listed in package.json but not installed in this clone, says npm ci', () => {
    const stderr = pluginsOf({
      'package.json': JSON.stringify({ name: 'app', private: true, devDependencies: { 'flowforge-plugin-jira': '^1.0.0' } }),
      '.flowforgerc.json': '{ "plugins": ["flowforge-plugin-jira"] }',
    });
    expect(stderr).toContain('hint: It is listed in package.json but not installed in this clone: run `npm ci`.');
  });

  it('a slip for a package that package.json lists, suggests that package', () => {
    const stderr = pluginsOf({
      'package.json': JSON.stringify({ name: 'app', private: true, devDependencies: { 'flowforge-plugin-jira': '^1.0.0' } }),
      '.flowforgerc.json': '{ "plugins": ["flowforge-plugin-jria"] }',
    });
    expect(stderr).toContain('hint: Did you mean "flowforge-plugin-jira"?');
  });

  it('unknown and close to nothing, says to check the name and how a plugin gets installed', () => {
    const stderr = pluginsOf({ '.flowforgerc.json': '{ "plugins": ["@flowforge/plugin-jira"] }' });
    expect(stderr).toContain("hint: Check the name in .flowforgerc.json. A plugin from npm must be listed in the team repo's package.json and installed (`npm ci`).");
    expect(stderr).toContain("FlowForge's own plugins are @flowforge/plugin-granularity, @flowforge/plugin-backup,");
    expect(stderr).not.toContain('Did you mean');
  });
});

describe('a mistyped command or option', () => {
  it.each([
    [['stat'], "unknown command 'stat'", 'flowforge status'],
    [['strat', '42'], "unknown command 'strat'", 'flowforge start'],
    [['expor'], "unknown command 'expor'", 'flowforge export'],
    [['add', '42', '--form', '09:00'], "unknown option '--form'", 'flowforge add --from'],
    [['add', '42', '--non-bill'], "unknown option '--non-bill'", 'flowforge add --non-billable'],
    [['report', '--perod', '2026-11'], "unknown option '--perod'", 'flowforge report --period'],
    [['--debgu', 'status'], "unknown option '--debgu'", 'flowforge status --debug'], // global options work after the command too
  ])('%j suggests the one meant (exit 2)', (args, message, meant) => {
    const result = runCli(args, { cwd: makeTempRepo() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`FF_USAGE ${message}\n`);
    expect(result.stderr).toMatch(new RegExp(`^hint: Did you mean \`${meant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`\\? Run \`flowforge `, 'm'));
    expect(result.stderr).not.toContain('(Did you mean'); // commander's own suggestion is off
  });

  it('suggests the command even where the config is broken; a word close to none gets the config\'s error', () => {
    const repo = makeTempRepo();
    writeFiles(repo, { '.flowforgerc.json': JSON.stringify({ plugins: [['@flowforge/plugin-granularity', { period: 'daily' }]] }) });
    const slip = runCli(['stat'], { cwd: repo });
    expect(slip.code).toBe(2);
    expect(slip.stderr).toBe("FF_USAGE unknown command 'stat'\nhint: Did you mean `flowforge status`? Run `flowforge --help` for the accepted arguments.\n");
    // A word that may be a plugin's command needs the config that would add it.
    const other = runCli(['deploy-hours'], { cwd: repo });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^FF_PLUGIN_OPTIONS \.flowforgerc\.json: /);
  });

  it('suggests nothing for a word close to no command', () => {
    const result = runCli(['bogus'], { cwd: makeTempRepo() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("FF_USAGE unknown command 'bogus'\nhint: Run `flowforge --help` for the accepted arguments.\n");
  });
});
