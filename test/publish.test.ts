import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BOUNDED, CLI_BIN, type CliResult, runCli, runCliAsync } from './helpers/cli.js';
import { type FakeGitHub, startFakeGitHub } from './helpers/fake-github.js';
import { type FakeNotion, startFakeNotion } from './helpers/fake-notion.js';
import { linkInstall, makeTempRepo, writeFiles } from './helpers/repo.js';

/**
 * `flowforge publish` end to end: team-layer data made the way developers make it (`add`, then
 * `aggregate`), the built CLI in a child process, the real GitHub and Notion clients talking over
 * 127.0.0.1 to fakes that run in this process, and the example third-party provider beside them.
 */

const EXAMPLE_PROVIDER = fileURLToPath(new URL('../examples/provider-plugin/index.mjs', import.meta.url));
const HOURS_MARKER = '<!-- flowforge:hours -->';
const NOW = '2026-11-10T12:00:00Z';

const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

interface Team {
  repo: string;
  github: FakeGitHub;
  notion: FakeNotion;
  dataSourceId: string;
  /** Where the example provider drops its file. */
  csv: string;
  /** `flowforge ...args` as `user`, which must succeed (no network: add, aggregate). */
  as(user: string, ...args: string[]): string;
  /** `flowforge publish ...args` with working tokens, unless `env` says otherwise. */
  publish(args?: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
}

/**
 * A team repo whose config lists the GitHub and Notion providers (pointed at fresh fakes) and the
 * example CSV provider; alice tracked 2.5 h on #42 and 0.5 h on #7, bob 1 h on #42.
 */
async function publishingTeam(notionTarget: 'databaseId' | 'dataSourceId' = 'databaseId'): Promise<Team> {
  const github = await startFakeGitHub();
  const notion = await startFakeNotion();
  fakes.push(github, notion);
  github.addIssue('acme', 'app', 42);
  github.addIssue('acme', 'app', 7);
  const { databaseId, dataSourceIds } = notion.addDatabase();
  const dataSourceId = dataSourceIds[0]!;

  const repo = makeTempRepo('flowforge-publish-');
  linkInstall(repo);
  const notionOptions = notionTarget === 'databaseId' ? { databaseId, baseUrl: notion.url } : { dataSourceId, baseUrl: notion.url };
  writeFiles(repo, {
    'flowforge.config.mjs': `export default {
  team: { name: 'acme', timezone: 'UTC' },
  plugins: [
    '@flowforge/plugin-granularity',
    ['@flowforge/plugin-github', ${JSON.stringify({ owner: 'acme', repo: 'app', baseUrl: github.url })}],
    ['@flowforge/plugin-notion', ${JSON.stringify(notionOptions)}],
    [${JSON.stringify(EXAMPLE_PROVIDER)}, { dir: 'exports' }],
  ],
};
`,
  });
  const baseEnv = {
    TZ: 'UTC',
    FLOWFORGE_NOW: NOW,
    FLOWFORGE_HOME: join(repo, '.git', 'flowforge-home'),
    GITHUB_TOKEN: github.token,
    NOTION_TOKEN: notion.token,
    GITHUB_API_URL: undefined,
  };
  const team: Team = {
    repo,
    github,
    notion,
    dataSourceId,
    csv: join(repo, 'exports', 'hours.csv'),
    as(user, ...args) {
      const result = runCli(args, { cwd: repo, env: { ...baseEnv, FLOWFORGE_USER: user } });
      expect(result.code, `flowforge ${args.join(' ')}: ${result.stderr}`).toBe(0);
      return result.stdout;
    },
    publish: (args = [], env = {}) => runCliAsync(['publish', ...args], { cwd: repo, env: { ...baseEnv, FLOWFORGE_USER: undefined, ...env } }),
  };
  team.as('alice', 'add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T11:30');
  team.as('alice', 'add', '7', '--from', '2026-11-03T13:00', '--to', '2026-11-03T13:30');
  team.as('bob', 'add', '42', '--from', '2026-11-04T10:00', '--to', '2026-11-04T11:00');
  team.as('alice', 'aggregate');
  team.as('bob', 'aggregate');
  return team;
}

const isWrite = (request: { method: string }) => request.method === 'POST' || request.method === 'PATCH';
/** Notion queries are POSTs too; its writes are page creations and updates. */
const isNotionWrite = (request: { method: string; path: string }) =>
  (request.method === 'POST' && request.path === '/v1/pages') || request.method === 'PATCH';

/** Every file under `root`, `.flowforge/` and `.git/` included; the linked node_modules is the monorepo's own. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => path !== 'node_modules' && !path.startsWith(`node_modules/`))
    .map((path) => join(root, path))
    .filter((path) => !lstatSync(path).isSymbolicLink() && statSync(path).isFile());
}

function expectNoSecretIn(repo: string, secrets: readonly string[]): void {
  const files = filesUnder(repo);
  expect(files.some((file) => file.includes(join('.flowforge', 'team')))).toBe(true);
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    for (const secret of secrets) expect(text.includes(secret), `${file} contains a token`).toBe(false);
  }
}

describe('flowforge publish', () => {
  it('creates one comment and one page per issue, then writes nothing, then updates exactly the issue that changed', async () => {
    const team = await publishingTeam();
    const { github, notion } = team;
    // Aggregating (like the pre-commit hook, on another trigger) ran every plugin and sent nothing.
    expect([...github.requests, ...notion.requests]).toEqual([]);
    // The first run meets a secondary rate limit on GitHub and a 429 on Notion, and waits both out.
    github.failNext('secondaryRateLimit', 1, { retryAfter: 1, when: (request) => request.method === 'POST' });
    notion.failNext('rateLimit', 1, { retryAfter: 1, when: (request) => request.path === '/v1/pages' });

    const first = await team.publish();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/github\s+42\s+create\s+created comment \d+ \(3\.50 h, 3\.50 h billable\)/);
    expect(first.stdout).toMatch(/notion\s+7\s+create\s+created page [0-9a-f-]+ \(Hours 0\.5\)/);
    expect(first.stdout).toMatch(/csv\s+42\s+create\s+wrote 42,3\.50,3\.50/);
    expect(first.stdout).toContain('Published with 3 provider(s): 6 created, 0 updated, 0 unchanged, 0 skipped.');
    expect(github.requests.map((request) => request.status)).toContain(403);
    expect(notion.requests.map((request) => request.status)).toContain(429);

    const on42 = github.commentsOn('acme', 'app', 42);
    const on7 = github.commentsOn('acme', 'app', 7);
    expect(on42).toHaveLength(1);
    expect(on7).toHaveLength(1);
    expect(on42[0]!.body.startsWith(HOURS_MARKER)).toBe(true);
    expect(on42[0]!.body).toContain('| **Total** | 3.50 | 3.50 |');
    expect(on42[0]!.body).toContain('| alice | 2.50 | 2.50 |');
    expect(on42[0]!.body).toContain('| bob | 1.00 | 1.00 |');
    expect(on7[0]!.body).toContain('| **Total** | 0.50 | 0.50 |');
    expect(github.requests.filter((request) => request.method === 'POST' && request.status === 201)).toHaveLength(2);
    expect(github.requests.every((request) => request.headers['x-github-api-version'] === '2022-11-28')).toBe(true);

    // Discovered from databaseId once per publish: one GET of the database.
    expect(notion.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
    expect(notion.pagesIn(team.dataSourceId).map((page) => page.values)).toEqual([
      { Issue: '7', Hours: 0.5 },
      { Issue: '42', Hours: 3.5 },
    ]);
    expect(readFileSync(team.csv, 'utf8')).toBe('issue,hours,billable_hours\n7,0.50,0.50\n42,3.50,3.50\n');

    // Same team layer: every provider reads, none writes.
    const githubSeen = github.requests.length;
    const notionSeen = notion.requests.length;
    const csvWritten = statSync(team.csv).mtimeMs;
    const second = await team.publish();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('0 created, 0 updated, 6 unchanged, 0 skipped.');
    expect(github.requests.slice(githubSeen).filter(isWrite)).toEqual([]);
    expect(notion.requests.slice(notionSeen).filter(isNotionWrite)).toEqual([]);
    expect(statSync(team.csv).mtimeMs).toBe(csvWritten);

    // A quarter of an hour more on #7: exactly its comment and its page change.
    team.as('alice', 'add', '7', '--from', '2026-11-05T08:00', '--to', '2026-11-05T08:15');
    team.as('alice', 'aggregate');
    const githubBefore = github.requests.length;
    const notionBefore = notion.requests.length;
    const third = await team.publish();
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('0 created, 3 updated, 3 unchanged, 0 skipped.');
    const githubWrites = github.requests.slice(githubBefore).filter(isWrite);
    expect(githubWrites.map(({ method, path }) => `${method} ${path}`)).toEqual([`PATCH /repos/acme/app/issues/comments/${on7[0]!.id}`]);
    expect(github.commentsOn('acme', 'app', 7)[0]!.body).toContain('| **Total** | 0.75 | 0.75 |');
    const page7 = notion.pagesIn(team.dataSourceId).find((page) => page.values.Issue === '7')!;
    const notionWrites = notion.requests.slice(notionBefore).filter(isNotionWrite);
    expect(notionWrites.map(({ method, path }) => `${method} ${path}`)).toEqual([`PATCH /v1/pages/${page7.id}`]);
    expect(page7.values.Hours).toBe(0.75);
    expect(readFileSync(team.csv, 'utf8')).toBe('issue,hours,billable_hours\n7,0.75,0.75\n42,3.50,3.50\n');

    expectNoSecretIn(team.repo, [github.token, notion.token]);
  });

  it('--dry-run plans without writing; --provider runs one provider; an unknown provider is a usage error', async () => {
    const team = await publishingTeam('dataSourceId');
    const { github, notion } = team;

    const planned = await team.publish(['--dry-run']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/github\s+42\s+would create\s+a comment \(/);
    expect(planned.stdout).toMatch(/notion\s+42\s+would create\s+a page \(/);
    expect(planned.stdout).toMatch(/csv\s+7\s+would create\s+write 7,0\.50,0\.50/);
    expect(planned.stdout).toContain('Dry run, nothing was written: 3 provider(s) would create 6 and update 0;');
    expect(github.requests.filter(isWrite)).toEqual([]);
    expect(github.state.comments).toEqual([]);
    // Given a dataSourceId, nothing is discovered: queries only.
    expect(notion.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST /v1/data_sources/${team.dataSourceId}/query`,
      `POST /v1/data_sources/${team.dataSourceId}/query`,
    ]);
    expect(statSync(team.csv, { throwIfNoEntry: false })).toBeUndefined();

    const notionSeen = notion.requests.length;
    const onlyGitHub = await team.publish(['--provider', 'github']);
    expect(onlyGitHub.code, onlyGitHub.stderr).toBe(0);
    expect(onlyGitHub.stdout).toContain('Published with 1 provider(s): 2 created, 0 updated, 0 unchanged, 0 skipped.');
    expect(github.state.comments).toHaveLength(2);
    expect(notion.requests).toHaveLength(notionSeen);
    expect(statSync(team.csv, { throwIfNoEntry: false })).toBeUndefined();

    // The package name works as well as the short one.
    const onlyCsv = await team.publish(['--provider', 'flowforge-provider-csv']);
    expect(onlyCsv.code, onlyCsv.stderr).toBe(0);
    expect(readFileSync(team.csv, 'utf8')).toContain('42,3.50,3.50');
    expect(notion.requests).toHaveLength(notionSeen);

    const unknown = await team.publish(['--provider', 'jira']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('FF_PROVIDER_NOT_CONFIGURED --provider "jira" names no configured provider (configured: github, notion, csv).');
  });

  it('adds up the shards of one developer’s clones, as reports do', async () => {
    const team = await publishingTeam();
    // alice's desktop tracked the same again: a second clone's shard beside this clone's.
    const alice = join(team.repo, '.flowforge/team/alice');
    const [laptop] = readdirSync(alice);
    cpSync(join(alice, laptop as string), join(alice, 'desktop2'), { recursive: true });

    const published = await team.publish(['--provider', 'flowforge-provider-csv']);
    expect(published.code, published.stderr).toBe(0);
    // #42: alice 2.5 h twice and bob 1 h; #7: alice 0.5 h twice.
    expect(readFileSync(team.csv, 'utf8')).toContain('42,6.00,6.00');
    expect(readFileSync(team.csv, 'utf8')).toContain('7,1.00,1.00');
  });

  it('publishes to the GitHub of GITHUB_API_URL as each run has it, never to one an earlier run validated', async () => {
    const [before, after] = [await startFakeGitHub(), await startFakeGitHub()];
    fakes.push(before, after);
    for (const github of [before, after]) github.addIssue('acme', 'app', 42);
    const repo = makeTempRepo('flowforge-publish-');
    linkInstall(repo);
    writeFiles(repo, {
      'flowforge.config.mjs': "export default { team: { timezone: 'UTC' }, plugins: ['@flowforge/plugin-granularity', ['@flowforge/plugin-github', { owner: 'acme', repo: 'app' }]] };\n",
    });
    const envOf = (github: FakeGitHub) => ({ TZ: 'UTC', FLOWFORGE_NOW: NOW, FLOWFORGE_HOME: join(repo, '.git', 'flowforge-home'), GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url });
    for (const args of [['add', '42', '--duration', '1h', '--date', '2026-11-02'], ['aggregate']]) {
      const result = runCli(args, { cwd: repo, env: { ...envOf(before), FLOWFORGE_USER: 'alice' } });
      expect(result.code, result.stderr).toBe(0);
    }
    for (const github of [before, after]) {
      const published = await runCliAsync(['publish', '--provider', 'github'], { cwd: repo, env: envOf(github) });
      expect(published.code, published.stderr).toBe(0);
      expect(github.commentsOn('acme', 'app', 42)).toHaveLength(1);
    }
    expect(before.requests.every((request) => request.status !== 401)).toBe(true); // the second run's token never went there
  });

  it('a refused token fails clearly without showing it, and the other providers still publish; a missing one exits 2', async () => {
    const team = await publishingTeam();
    const { github, notion } = team;
    const refusedGitHub = 'ghp_refusedTOKENvalue0123456789abcdefABCDEF';
    const refusedNotion = 'ntn_refusedTOKENvalue0123456789abcdefABCDEF';

    const refused = await team.publish(['--debug'], { GITHUB_TOKEN: refusedGitHub, NOTION_TOKEN: refusedNotion });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('FF_PUBLISH_FAILED 2 providers failed:');
    expect(refused.stderr).toContain('[github] FF_PROVIDER_AUTH GitHub refused the token (401 Bad credentials)');
    expect(refused.stderr).toContain('[notion] FF_PROVIDER_AUTH Notion refused the token (401 unauthorized)');
    // The provider that needs no token published all the same.
    expect(refused.stdout).toMatch(/csv\s+42\s+create/);
    expect(readFileSync(team.csv, 'utf8')).toContain('42,3.50,3.50');
    expect(github.state.comments).toEqual([]);
    expect(notion.state.pages).toEqual([]);
    for (const output of [refused.stdout, refused.stderr]) {
      expect(output).not.toContain(refusedGitHub);
      expect(output).not.toContain(refusedNotion);
    }

    // One provider, one failure: its own code, exit code and hint.
    const alone = await team.publish(['--provider', 'github'], { GITHUB_TOKEN: refusedGitHub });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^FF_PROVIDER_AUTH GitHub refused the token \(401 Bad credentials\) while publishing to acme\/app#\d+\.\nhint: Set GITHUB_TOKEN/);
    expect(alone.stderr).not.toContain(refusedGitHub);

    const notionSeen = notion.requests.length;
    const missing = await team.publish(['--provider', 'notion'], { NOTION_TOKEN: undefined });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('FF_PROVIDER_TOKEN_MISSING Notion needs a token in NOTION_TOKEN, and it is not set.');
    expect(notion.requests).toHaveLength(notionSeen);

    const blank = await team.publish([], { GITHUB_TOKEN: '  ' });
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/^FF_PROVIDER_TOKEN_MISSING GitHub needs a token in GITHUB_TOKEN/);
    expect(blank.stdout).toMatch(/notion\s+42\s+create/);

    expectNoSecretIn(team.repo, [refusedGitHub, refusedNotion, github.token, notion.token]);
  });

  it('the example CSV provider drops the row of an issue whose time was removed', async () => {
    const team = await publishingTeam();
    expect((await team.publish(['--provider', 'csv'])).code).toBe(0);
    expect(readFileSync(team.csv, 'utf8')).toBe('issue,hours,billable_hours\n7,0.50,0.50\n42,3.50,3.50\n');

    const log = JSON.parse(team.as('alice', 'log', '--from', '2026-11-01', '--to', '2026-11-09', '--json')) as { entries: { id: string; issue: string }[] };
    team.as('alice', 'rm', log.entries.find((entry) => entry.issue === '7')!.id);
    team.as('alice', 'aggregate');
    const after = await team.publish(['--provider', 'csv']);
    expect(after.code, after.stderr).toBe(0);
    expect(readFileSync(team.csv, 'utf8')).toBe('issue,hours,billable_hours\n42,3.50,3.50\n');
  });

  it('loads neither Octokit nor the Notion client for commands other than publish', async () => {
    const team = await publishingTeam();
    const trace = join(team.repo, '.git', 'imports.txt');
    const tracer = fileURLToPath(new URL('./fixtures/trace-imports.mjs', import.meta.url));
    const listed = spawnSync(process.execPath, ['--import', tracer, CLI_BIN, 'plugins', '--json'], {
      cwd: team.repo,
      encoding: 'utf8',
      env: { ...process.env, FLOWFORGE_TRACE_IMPORTS: trace },
      ...BOUNDED,
    });
    expect(listed.status, listed.stderr).toBe(0);
    const plugins = (JSON.parse(listed.stdout) as { plugins: { name: string; taps: string[] }[] }).plugins;
    expect(plugins.filter((plugin) => plugin.taps.includes('publish')).map((plugin) => plugin.name)).toEqual([
      '@flowforge/plugin-github',
      '@flowforge/plugin-notion',
      'flowforge-provider-csv',
    ]);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('plugins/github/dist/index.js');
    expect(loaded).not.toMatch(/@octokit|@notionhq/);
  });
});
