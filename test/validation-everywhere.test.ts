import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, modulesLoadedBy, runCli } from './helpers/cli.js';
import { type Developer, teamRepo } from './helpers/team.js';

/**
 * A teammate breaks the config — an option the plugin rejects, a misspelt plugin, a syntax error —
 * in a repo set up by `flowforge init`. Every command that reads the config says so as the hook
 * would; the commands that record time record anyway and warn.
 */

const CONFIG = 'flowforge.config.mjs';

function breakConfig(dev: Developer, from: string | RegExp, to: string): string {
  const good = readFileSync(join(dev.repo, CONFIG), 'utf8');
  const broken = good.replace(from, to);
  expect(broken).not.toBe(good);
  writeFileSync(join(dev.repo, CONFIG), broken);
  return good;
}

/** Exit 2, nothing on stdout, and the error naming the config file and what in it is wrong. */
function refusedForConfig(result: CliResult, code: string, path: string): void {
  expect(result.stderr).toMatch(new RegExp(`^${code} ${CONFIG}: `));
  expect(result.stderr).toContain(path);
  expect(result.stderr).toMatch(/^hint: /m);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stdout).toBe('');
  expect(result.code).toBe(2);
}

/** Exit 0, and on stderr the warning, the error's code, the path in the config and its hint. */
function recordedWithWarning(result: CliResult, code: string, path: string): void {
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain('! Your time is recorded, but the team config is broken: the pre-commit hook will fail until it is fixed');
  expect(result.stderr).toContain(`${code} `);
  expect(result.stderr).toContain(path);
  expect(result.stderr).toMatch(/^hint: /m);
}

describe('a plugin option the plugin rejects', () => {
  it('is refused with exit 2 by config, report, log, export and verify --ci, naming the config and the option', () => {
    const dev = teamRepo();
    breakConfig(dev, "period: 'day'", "period: 'daily'");
    for (const args of [['config'], ['config', '--json'], ['report', '--period', '2026-11'], ['log'], ['export'], ['verify', '--ci']])
      refusedForConfig(dev.ff(...args), 'FF_PLUGIN_OPTIONS', 'plugins[0].options.period');
    // Plain verify reads the committed files only, never the config: still fine.
    expect(dev.ff('verify').code).toBe(0);
  });

  it('is a GitHub annotation of the run under Actions, with verify --ci failing', () => {
    const dev = teamRepo();
    breakConfig(dev, "period: 'day'", "period: 'daily'");
    const actions = runUnderActions(dev);
    expect(actions.code).toBe(2);
    expect(actions.stdout).toMatch(/^::error title=FF_PLUGIN_OPTIONS::flowforge\.config\.mjs: invalid options for plugin "@flowforge\/plugin-granularity":%0A {2}plugins\[0\]\.options\.period: /);
  });

  it('does not stop start, stop, pause, resume, switch, add, edit or rm: each records, then warns', () => {
    const dev = teamRepo();
    breakConfig(dev, "period: 'day'", "period: 'daily'");
    const path = 'plugins[0].options.period';
    dev.now = '2026-12-20T09:00:00Z';
    recordedWithWarning(dev.ff('start', '42'), 'FF_PLUGIN_OPTIONS', path);
    dev.now = '2026-12-20T10:00:00Z';
    recordedWithWarning(dev.ff('pause'), 'FF_PLUGIN_OPTIONS', path);
    dev.now = '2026-12-20T10:15:00Z';
    recordedWithWarning(dev.ff('resume'), 'FF_PLUGIN_OPTIONS', path);
    dev.now = '2026-12-20T11:00:00Z';
    recordedWithWarning(dev.ff('switch', '43'), 'FF_PLUGIN_OPTIONS', path);
    dev.now = '2026-12-20T12:00:00Z';
    recordedWithWarning(dev.ff('stop'), 'FF_PLUGIN_OPTIONS', path);
    dev.now = '2026-12-20T15:00:00Z';
    const added = dev.ff('add', '44', '--from', '2026-12-20T13:00:00Z', '--to', '2026-12-20T14:00:00Z');
    recordedWithWarning(added, 'FF_PLUGIN_OPTIONS', path);
    const id = /Added (\w+):/.exec(added.stdout)?.[1] as string;
    recordedWithWarning(dev.ff('edit', id, '--note', 'review'), 'FF_PLUGIN_OPTIONS', path);
    recordedWithWarning(dev.ff('rm', id), 'FF_PLUGIN_OPTIONS', path);

    // Every minute is there once the config is fixed.
    writeFileSync(join(dev.repo, CONFIG), readFileSync(join(dev.repo, CONFIG), 'utf8').replace("'daily'", "'day'"));
    const log = dev.json<{ entries: { issue: string; seconds: number }[] }>('log', '--from', '2026-12-20', '--to', '2026-12-20');
    expect(log.entries.map(({ issue, seconds }) => [issue, seconds])).toEqual([
      ['42', 3600],
      ['42', 2700],
      ['43', 3600],
    ]);
    // And with it fixed, no warning is left.
    dev.now = '2026-12-20T16:00:00Z';
    dev.ffOk('start', '45');
  });

  it('is a config-broken warning in status --json, and a warning of status on stderr', () => {
    const dev = teamRepo();
    breakConfig(dev, "period: 'day'", "period: 'daily'");
    const result = dev.ff('status', '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('! The team config is broken: the pre-commit hook will fail until it is fixed.');
    const status = JSON.parse(result.stdout) as { warnings: { code: string; message: string }[] };
    expect(status.warnings).toEqual([
      { code: 'config-broken', message: expect.stringMatching(/^FF_PLUGIN_OPTIONS flowforge\.config\.mjs: .*plugins\[0\]\.options\.period: .* Correct the options/s) as string },
    ]);
    const text = dev.ff('status');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No timer running.');
    expect(text.stderr).toContain('FF_PLUGIN_OPTIONS');
  });
});

describe('a misspelt plugin name', () => {
  it('is refused by config and report with the name meant, and start records with the same warning', () => {
    const dev = teamRepo();
    breakConfig(dev, "'@flowforge/plugin-backup'", "'@flowforge/plugin-bakup'");
    for (const args of [['config'], ['report']]) {
      const result = dev.ff(...args);
      refusedForConfig(result, 'FF_PLUGIN_NOT_FOUND', 'plugins[1] "@flowforge/plugin-bakup"');
      expect(result.stderr).toContain('hint: Did you mean "@flowforge/plugin-backup"? Correct plugins[1] in flowforge.config.mjs.');
    }
    const started = dev.ff('start', '42');
    recordedWithWarning(started, 'FF_PLUGIN_NOT_FOUND', 'Did you mean "@flowforge/plugin-backup"?');
    expect(started.stdout).toContain('Started 42');
  });
});

describe('a config that cannot be read at all', () => {
  it('stops config, but add records with the defaults and says so', () => {
    const dev = teamRepo();
    writeFileSync(join(dev.repo, CONFIG), 'export default { team: { name: "acme" ,, };\n');
    const refused = dev.ff('config');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^FF_CONFIG_SYNTAX /);
    const added = dev.ff('add', '42', '--duration', '1h', '--date', '2026-12-18');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added \w+: 42 /);
    expect(added.stderr).toContain('the pre-commit hook will fail until it is fixed (its defaults were used here).');
    expect(added.stderr).toContain('FF_CONFIG_SYNTAX');
  });
});

describe('the check stays cheap', () => {
  it('imports no plugin and no zod for status once their options were validated', () => {
    const dev = teamRepo();
    dev.ffOk('status'); // validates and keeps the usual config's plugin options
    const loaded = modulesLoadedBy(['status'], dev.repo).join('\n');
    expect(loaded).toContain('tracking-context');
    expect(loaded).not.toMatch(/\/zod\/|config\/schema\.js|plugin-granularity|plugin-backup|plugins\/(granularity|backup)\//);
  });
});

function runUnderActions(dev: Developer): CliResult {
  const summary = join(dev.repo, '.git', 'step-summary.md');
  writeFileSync(summary, '');
  return runCli(['verify', '--ci'], { cwd: dev.repo, env: dev.env({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }) });
}
