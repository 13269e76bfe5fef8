import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CI_WORKFLOW } from '../packages/cli/src/ci-workflow.js';
import type { CliResult } from './helpers/cli.js';
import { type FakeGitHub, startFakeGitHub } from './helpers/fake-github.js';
import { type FakeNotion, startFakeNotion } from './helpers/fake-notion.js';
import { tempDir, teamRepo } from './helpers/team.js';
import { makeTempRepo, writeFiles } from './helpers/repo.js';

/**
 * FlowForge as a team gets it: the tarballs of `npm run release:pack`, the CLI's installed with
 * `npm install` into an empty repository (no workspace links, no monorepo `node_modules`), and
 * every command run through `npx` as the README and the CI workflow run them.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }).version;
const PUBLISHED = ['core', 'cli', 'plugin-backup', 'plugin-github', 'plugin-granularity', 'plugin-migrate-v1', 'plugin-notion'];
const NOW = '2026-11-20T17:00:00Z';

/**
 * npm may fetch from the registry what its cache lacks (husky, lint-staged): generous limits, but
 * limits, so that a stuck install fails its test.
 */
const NPM_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 420_000;

/**
 * The environment of every child: this process's, without what `npm test` passes to its scripts
 * (`npm_config_local_prefix` and the like would point a child npm at the monorepo), with npm quiet
 * and preferring its cache, and the developer and clock fixed.
 */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return {
    ...env,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    FLOWFORGE_SKIP: undefined,
    HUSKY: undefined,
    FLOWFORGE_USER: 'alice',
    FLOWFORGE_NOW: NOW,
    TZ: 'Europe/Berlin',
    ...extra,
  };
}

/** Runs a child without blocking this process (the provider fakes answer from it), within a time limit. */
function run(command: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), timeout: NPM_TIMEOUT_MS, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, stdout, stderr: signal ? `${stderr}\nkilled by ${signal}` : stderr }));
  });
}

async function ok(command: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<string> {
  const result = await run(command, args, cwd, env);
  expect(result.code, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** `npx --no flowforge ...args`: the installed CLI, never one fetched from the registry. */
const flowforge = (repo: string, args: readonly string[], env: Record<string, string | undefined> = {}) => run('npx', ['--no', 'flowforge', ...args], repo, env);

let release: string;
const tarball = (name: string) => join(release, `flowforge-${name}-${VERSION}.tgz`);

// Packed once for the file (each test's temp folders go after it; this one after the last).
beforeAll(async () => {
  release = mkdtempSync(join(tmpdir(), 'flowforge-release-'));
  await ok('npm', ['run', 'release:pack', '--', '--out', release], ROOT);
}, TEST_TIMEOUT_MS);
afterAll(() => rmSync(release, { recursive: true, force: true }));

const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

/** Fakes of GitHub and Notion on 127.0.0.1 with issue 42 and a database, and a config publishing to both. */
async function providers(): Promise<{ github: FakeGitHub; notion: FakeNotion; config: string }> {
  const github = await startFakeGitHub();
  const notion = await startFakeNotion();
  fakes.push(github, notion);
  github.addIssue('acme', 'app', 42);
  const { databaseId } = notion.addDatabase();
  const config = `export default {
  team: { name: 'acme', timezone: 'Europe/Berlin' },
  billing: { currency: 'EUR', rates: { default: 100 } },
  plugins: [
    ['@flowforge/plugin-granularity', { period: 'day', rounding: { increment: '15m' } }],
    '@flowforge/plugin-backup',
    ['@flowforge/plugin-github', ${JSON.stringify({ owner: 'acme', repo: 'app', baseUrl: github.url })}],
    ['@flowforge/plugin-notion', ${JSON.stringify({ databaseId, baseUrl: notion.url })}],
  ],
};
`;
  return { github, notion, config };
}

/**
 * An empty team repository (a `package.json`, `node_modules` ignored) with the CLI's release
 * tarball and lint-staged installed by `npm install`; returns what npm said.
 */
async function installedTeamRepo(): Promise<{ repo: string; install: CliResult }> {
  const repo = makeTempRepo('flowforge-installed-');
  writeFiles(repo, {
    '.gitignore': 'node_modules/\n',
    'package.json': `${JSON.stringify({ name: 'team-app', private: true, 'lint-staged': { '*.js': 'node --check' } }, null, 2)}\n`,
  });
  const install = await run('npm', ['install', '--save-dev', tarball('cli'), 'lint-staged@^16.4.0'], repo);
  return { repo, install };
}

describe('the release tarballs', () => {
  it('hold each package with its README, LICENSE and build only, and each passes npm publish --dry-run', async () => {
    expect(readdirSync(release).sort()).toEqual(PUBLISHED.map((name) => `flowforge-${name}-${VERSION}.tgz`).sort());
    await Promise.all(
      PUBLISHED.map(async (name) => {
        const files = (await ok('tar', ['-tzf', tarball(name)], release)).trim().split('\n');
        expect(files, name).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/package.json']));
        expect(files.filter((file) => /\.tsbuildinfo$|\.map$/.test(file)), name).toEqual([]);
        const manifest = JSON.parse(await ok('tar', ['-xzOf', tarball(name), 'package/package.json'], release)) as Record<string, unknown>;
        expect(manifest, name).toMatchObject({ version: VERSION, license: 'MIT', engines: { node: '>=20.17' } });
        expect(Object.keys(manifest), name).toEqual(expect.arrayContaining(['exports', 'files']));
        const publish = await run('npm', ['publish', '--dry-run', tarball(name)], release);
        expect(publish.code, `${name}: ${publish.stderr}`).toBe(0);
        // Only the warning that a dry run is not logged in; nothing npm had to correct in a manifest.
        expect(publish.stderr, name).not.toMatch(/auto-corrected|npm (warn|error) (?!publish This command requires you to be logged in)/);
      }),
    );
    // One build in the CLI: its bundle (and the licenses of what it compiles in), not dist/ too.
    const cli = (await ok('tar', ['-tzf', tarball('cli')], release)).trim().split('\n');
    expect(cli.filter((file) => file.startsWith('package/dist/'))).toEqual([]);
    expect(cli).toEqual(expect.arrayContaining(['package/bin/flowforge.cjs', 'package/bundle/main.cjs', 'package/bundle/THIRD-PARTY-LICENSES.md']));
  }, TEST_TIMEOUT_MS);

  it('install together on Node 20 without an engine warning from any dependency', async () => {
    const project = tempDir('flowforge-all-packages-');
    writeFiles(project, { 'package.json': '{ "name": "all-packages", "private": true }\n' });
    const install = await run('npm', ['install', ...PUBLISHED.map(tarball)], project);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).not.toContain('EBADENGINE');
    expect(readdirSync(join(project, 'node_modules', '@flowforge')).sort()).toEqual([...PUBLISHED].sort());
  }, TEST_TIMEOUT_MS);
});

describe('a team repo with the CLI tarball alone installed', () => {
  it('installs on Node 20 without engine warnings, then init, add, a commit through lint-staged and the hook, report, publish --dry-run and migrate --dry-run work', async () => {
    const { repo, install } = await installedTeamRepo();
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).not.toContain('EBADENGINE');
    // The CLI alone, a real folder: core and the first-party plugins are in its bundle.
    expect(readdirSync(join(repo, 'node_modules', '@flowforge'))).toEqual(['cli']);
    expect(lstatSync(join(repo, 'node_modules', '@flowforge', 'cli')).isSymbolicLink()).toBe(false);
    // `--` keeps npx from answering `--version` itself.
    expect((await ok('npx', ['--no', '--', 'flowforge', '--version'], repo)).trim()).toBe(VERSION);

    const init = await flowforge(repo, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('✓ .husky/pre-commit: runs `flowforge hook pre-commit`');
    const { github, notion, config } = await providers();
    writeFiles(repo, { 'flowforge.config.mjs': config, '.husky/pre-commit': 'lint-staged\nflowforge hook pre-commit\n' });
    const plugins = await flowforge(repo, ['plugins']);
    expect(plugins.code, plugins.stderr).toBe(0);
    for (const name of ['granularity', 'backup', 'github', 'notion']) expect(plugins.stdout).toMatch(new RegExp(`@flowforge/plugin-${name} .*\\(bundled with the CLI\\)`));

    const added = await flowforge(repo, ['add', '42', '--from', '09:00', '--to', '10:30', '--note', 'review']);
    expect(added.code, added.stderr).toBe(0);

    // lint-staged runs first and stops a commit with a broken file, before FlowForge commits anything.
    writeFiles(repo, { 'src/app.js': 'const broken = ;\n' });
    await ok('git', ['add', '--all'], repo);
    const refused = await run('git', ['commit', '--quiet', '-m', 'Set up FlowForge'], repo);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('node --check');
    expect(existsSync(join(repo, '.flowforge', 'team', 'alice'))).toBe(false);

    writeFiles(repo, { 'src/app.js': 'module.exports = 1;\n' });
    await ok('git', ['add', '--all'], repo);
    await ok('git', ['commit', '--quiet', '-m', 'Set up FlowForge'], repo);
    const committed = (await ok('git', ['show', '--name-only', '--format=', 'HEAD'], repo)).trim().split('\n');
    expect(committed).toEqual(expect.arrayContaining(['src/app.js', 'flowforge.config.mjs', 'package-lock.json']));
    expect(committed.some((path) => path.startsWith('.flowforge/team/alice/'))).toBe(true);
    expect(await ok('git', ['status', '--porcelain'], repo)).toBe('');

    const report = await flowforge(repo, ['report', '--period', '2026-11', '--format', 'csv']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^alice,42,1\.50,1\.50,100\.00,150\.00\r?$/m);

    const planned = await flowforge(repo, ['publish', '--dry-run'], { GITHUB_TOKEN: github.token, NOTION_TOKEN: notion.token, GITHUB_API_URL: undefined });
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/github\s+42\s+would create\s+a comment/);
    expect(planned.stdout).toMatch(/notion\s+42\s+would create\s+a page/);
    expect(github.requests.filter(({ method }) => method !== 'GET')).toEqual([]);
    expect(github.state.comments).toEqual([]);
    expect(notion.state.pages).toEqual([]);

    // The v1 importer's command, from the bundle too.
    writeFiles(repo, { '.task-times.json': readFileSync(join(ROOT, 'plugins/migrate-v1/test/fixtures/samples/canonical.task-times.json'), 'utf8') });
    const migration = await flowforge(repo, ['migrate', 'v2', '--dry-run']);
    expect(migration.code, migration.stderr).toBe(0);
    expect(migration.stdout).toContain('Dry run of .task-times.json');
  }, TEST_TIMEOUT_MS);
});

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

describe('the CI workflow of flowforge init --ci', () => {
  it('is examples/ci/, and its steps, run in order in a team repo with the release installed, verify and publish with the locked CLI', async () => {
    expect(readFileSync(join(ROOT, 'examples/ci/time-aggregation-check.yml'), 'utf8')).toBe(CI_WORKFLOW);

    const { repo, install } = await installedTeamRepo();
    expect(install.code, install.stderr).toBe(0);
    const { github, notion, config } = await providers();
    writeFiles(repo, { 'flowforge.config.mjs': config });
    const init = await flowforge(repo, ['init', '--ci']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).not.toContain('needs a package-lock.json');
    expect((await flowforge(repo, ['add', '42', '--from', '09:00', '--to', '11:00'])).code).toBe(0);
    await ok('git', ['add', '--all'], repo);
    await ok('git', ['commit', '--quiet', '-m', 'Set up FlowForge'], repo);

    const workflow = parseYaml(readFileSync(join(repo, '.github/workflows/time-aggregation-check.yml'), 'utf8')) as { jobs: Record<string, { steps: WorkflowStep[] }> };
    expect(Object.keys(workflow.jobs)).toEqual(['verify', 'publish']);
    // What GitHub would pass: the secrets the steps name, and a file for the job summary.
    const secrets: Record<string, string> = { GITHUB_TOKEN: github.token, NOTION_TOKEN: notion.token };
    const summary = join(tempDir('flowforge-ci-'), 'summary.md');
    writeFileSync(summary, '');
    const ran: string[] = [];
    for (const [job, { steps }] of Object.entries(workflow.jobs)) {
      const setUp = steps.findIndex((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(steps[setUp]?.with, job).toMatchObject({ 'node-version': 20, cache: 'npm' });
      const install = steps.findIndex((step) => step.run?.startsWith('npm ci'));
      expect(install, job).toBeGreaterThan(setUp);
      for (const step of steps.slice(install)) {
        if (step.run === undefined) continue;
        const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, value.replace(/^\$\{\{ secrets\.(\w+) \}\}$/, (_, secret: string) => secrets[secret] ?? '')]));
        // GitHub's own shell for `run:` on Linux runners.
        const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], repo, { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_API_URL: undefined, ...env });
        expect(result.code, `${job}: ${step.run}\n${result.stdout}\n${result.stderr}`).toBe(0);
        ran.push(step.run);
      }
    }
    expect(ran).toEqual([
      'npm ci --ignore-scripts',
      'npx --no flowforge verify --ci',
      'npx --no flowforge verify --json > flowforge-verify.json || true',
      'npm ci',
      'npx --no flowforge publish',
    ]);
    expect(JSON.parse(readFileSync(join(repo, 'flowforge-verify.json'), 'utf8'))).toMatchObject({ ok: true });
    // The publish job reached both providers through the installed CLI's bundled plugins.
    expect(github.commentsOn('acme', 'app', 42)).toHaveLength(1);
    expect(notion.state.pages).toHaveLength(1);
  }, TEST_TIMEOUT_MS);
});

describe('the monthly bill of examples/org-ci', () => {
  it('runs its steps in a billing repo with the release installed: the bill of last month over the org file\'s repositories', async () => {
    // Two team repos with November's time, committed through the real hook, served bare as remotes.
    const remotes = tempDir('flowforge-org-ci-remotes-');
    const remoteOf = async (name: string, issue: string, from: string, to: string) => {
      const dev = teamRepo();
      dev.ffOk('add', issue, '--from', from, '--to', to);
      dev.commitOk('work', { 'a.txt': 'a\n' });
      const bare = join(remotes, `${name}.git`);
      await ok('git', ['clone', '--quiet', '--bare', dev.repo, bare], remotes);
      await ok('git', ['config', 'uploadpack.allowFilter', 'true'], bare);
      return `file://${bare}`;
    };
    const app = await remoteOf('app', '42', '2026-11-10T09:00', '2026-11-10T11:00');
    const api = await remoteOf('api', '42', '2026-11-12T09:00', '2026-11-12T10:30');

    const billing = makeTempRepo('flowforge-billing-');
    writeFiles(billing, {
      '.gitignore': 'node_modules/\n.flowforge-home/\n',
      'package.json': `${JSON.stringify({ name: 'acme-billing', private: true }, null, 2)}\n`,
      '.github/workflows/monthly-bill.yml': readFileSync(join(ROOT, 'examples/org-ci/.github/workflows/monthly-bill.yml'), 'utf8'),
      'flowforge.org.json': `${JSON.stringify({ name: 'acme', timezone: 'Europe/Berlin', repos: [app, { url: api, group: 'client-x' }], billing: { currency: 'EUR', rates: { default: 100, repos: { api: 130 } } } })}\n`,
    });
    await ok('npm', ['install', '--save-dev', tarball('cli')], billing);
    await ok('git', ['add', '--all'], billing);
    await ok('git', ['commit', '--quiet', '-m', 'Billing'], billing);

    const workflow = parseYaml(readFileSync(join(billing, '.github/workflows/monthly-bill.yml'), 'utf8')) as {
      on: { schedule: { cron: string }[] };
      jobs: { bill: { env: Record<string, string>; steps: (WorkflowStep & { if?: string })[] } };
    };
    expect(workflow.on.schedule[0]?.cron).toBe('0 12 1 * *');
    const { env, steps } = workflow.jobs.bill;
    const setUp = steps.findIndex((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(steps[setUp]?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    // What GitHub would pass at the scheduled time: the workspace, no token secret (public repositories).
    const jobEnv = { FLOWFORGE_HOME: join(billing, '.flowforge-home'), FLOWFORGE_ORG_TOKEN: '', FLOWFORGE_NOW: '2026-12-01T12:00:00Z' };
    expect(Object.keys(env).sort()).toEqual(['FLOWFORGE_HOME', 'FLOWFORGE_ORG_TOKEN']);
    const ran: string[] = [];
    for (const step of steps.slice(setUp + 1)) {
      if (step.run === undefined || (step.if === "env.FLOWFORGE_ORG_TOKEN != ''" && jobEnv.FLOWFORGE_ORG_TOKEN === '')) continue;
      const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], billing, { CI: 'true', GITHUB_ACTIONS: 'true', ...jobEnv });
      expect(result.code, `${step.run}\n${result.stdout}\n${result.stderr}`).toBe(0);
      ran.push(step.run.trim().split('\n')[0] as string);
    }
    expect(ran).toEqual(['npm ci --ignore-scripts', 'npx --no flowforge verify --org --strict']);

    // November, both repositories, each at its rate: 2 h × 100 + 1.5 h × 130.
    const html = readFileSync(join(billing, 'bill.html'), 'utf8');
    expect(html).toContain('acme — Billing report 2026-11-01 to 2026-11-30');
    expect(html).toContain("from 2 of the org file's 2 repositories");
    const csv = readFileSync(join(billing, 'bill.csv'), 'utf8');
    expect(csv).toMatch(/^app,alice,42,2(\.00)?,/m);
    expect(csv).toMatch(/^api,alice,42,1\.5(0)?,/m);
    const json = await flowforge(billing, ['report', '--org', '--offline', '--period', '2026-11', '--json'], jobEnv);
    expect((JSON.parse(json.stdout) as { totals: { hours: number; amount: number } }).totals).toMatchObject({ hours: 3.5, amount: 395 });
  }, TEST_TIMEOUT_MS);
});
