import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOUNDED, CLI_BIN, type CliResult, runCli } from './cli.js';
import { makeTempRepo, writeFiles } from './repo.js';

/** Everyone on the team works in Berlin; every command runs at the same simulated "now". */
export const TEAM_ZONE = 'Europe/Berlin';
export const NOW = '2026-11-20T12:00:00Z';

export interface TeamSetup {
  name?: string;
  /** Written as is, so a test can put a wrong type here. */
  currency?: unknown;
  rates?: { default?: number; users?: Record<string, number>; issues?: Record<string, number> };
  /** Options of `@flowforge/plugin-granularity`. */
  granularity?: Record<string, unknown>;
}

/** `flowforge.config.mjs` as a team admin writes it (docs/configuration.md). */
export function configText({ name = 'acme', currency = 'EUR', rates = {}, granularity = { period: 'day' } }: TeamSetup = {}): string {
  return `export default {
  team: { name: ${JSON.stringify(name)}, timezone: ${JSON.stringify(TEAM_ZONE)} },
  billing: { currency: ${JSON.stringify(currency)}, rates: ${JSON.stringify(rates)} },
  plugins: [['@flowforge/plugin-granularity', ${JSON.stringify(granularity)}]],
};
`;
}

/** A temporary team repository with its config file (removed after the test). */
export function makeTeamRepo(setup: TeamSetup = {}): string {
  const repo = makeTempRepo('flowforge-report-');
  writeFiles(repo, { 'flowforge.config.mjs': configText(setup) });
  return repo;
}

/** The environment of a developer's (or the manager's) terminal. */
export const envOf = (user: string): Record<string, string> => ({ FLOWFORGE_USER: user, FLOWFORGE_NOW: NOW, TZ: TEAM_ZONE });

/** `flowforge add` arguments for one manual entry, in the user's local time (or ISO instants). */
export const entry = (issue: string, from: string, to: string, ...flags: string[]): string[] => [issue, '--from', from, '--to', to, ...flags];

/**
 * `user` adds `entries` (each the arguments after `flowforge add`) and runs `flowforge aggregate`,
 * as a developer does before the manager reports. Throws with the CLI's own words if a step fails.
 */
export function track(repo: string, user: string, entries: readonly string[][], { aggregate = true } = {}): void {
  const steps = [...entries.map((args) => ['add', ...args]), ...(aggregate ? [['aggregate']] : [])];
  for (const args of steps) {
    const result = runCli(args, { cwd: repo, env: envOf(user) });
    if (result.code !== 0) throw new Error(`flowforge ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  }
}

/** `flowforge report ...args` as the manager runs it: not a TTY, NO_COLOR set (runCli's defaults). */
export function report(repo: string, args: readonly string[], env: Record<string, string | undefined> = {}): CliResult {
  return runCli(['report', ...args], { cwd: repo, env: { ...envOf('manager'), ...env } });
}

/** The JSON report as a test reads it (docs/reports.md `flowforge.report/1`). */
export interface ReportJson {
  schema: string;
  from: string;
  to: string;
  currency: string;
  by: string[];
  rows: Record<string, string | number | null>[];
  totals: { hours: number; billableHours: number; amount: number };
}

/** `flowforge report --format json ...args`, parsed; throws with stderr if the command failed. */
export function reportJson(repo: string, args: readonly string[]): ReportJson {
  const result = report(repo, ['--format', 'json', ...args]);
  if (result.code !== 0 || result.stderr !== '') throw new Error(`flowforge report exited ${result.code}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ReportJson;
}

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), so stdout is a TTY as in a
 * developer's shell, without NO_COLOR unless `env` sets it. Returns what the terminal showed.
 */
export function runCliOnTty(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): CliResult {
  const command = [process.execPath, CLI_BIN, ...args].map(shellQuote).join(' ');
  const result = spawnSync('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, TERM: 'xterm-256color', FLOWFORGE_SKIP: undefined, HUSKY: undefined, NO_COLOR: undefined, ...options.env },
    ...BOUNDED,
  });
  if (result.error) throw new Error(`could not run util-linux \`script\` for a pseudo-terminal: ${result.error.message}`);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** git with a user's FlowForge environment, so that hooks run as that developer; throws with git's words on failure. */
export function gitAs(repo: string, env: Record<string, string>, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOWFORGE_SKIP: undefined, HUSKY: undefined, ...env }, ...BOUNDED });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/**
 * A team repo shared by the tests of one file (built once in `beforeAll`, read-only afterwards):
 * not removed after each test like `makeTempRepo`'s, so the caller calls `remove` in `afterAll`.
 */
export function makeSharedTeamRepo(setup: TeamSetup = {}): { repo: string; remove: () => void } {
  const repo = mkdtempSync(join(tmpdir(), 'flowforge-report-shared-'));
  for (const args of [['init', '--quiet', '--initial-branch=main'], ['config', 'user.email', 'dev@example.com'], ['config', 'user.name', 'Dev'], ['config', 'commit.gpgsign', 'false']])
    gitAs(repo, {}, ...args);
  writeFiles(repo, { 'flowforge.config.mjs': configText(setup) });
  return { repo, remove: () => rmSync(repo, { recursive: true, force: true }) };
}
