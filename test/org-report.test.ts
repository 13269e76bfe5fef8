import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './helpers/cli.js';
import { writeFiles } from './helpers/repo.js';
import { configText, entry, envOf, gitAs, type ReportJson, reportJson, runCliOnTty, track } from './helpers/report-team.js';

/**
 * Three team repositories on bare `file://` remotes, as a hosting service would hold them, and an
 * org file that bills them together with a fourth that does not exist:
 * - `app` bills itself (`"rates": "repo"`): its committed `.flowforgerc.json` has its rates;
 * - `api` (group client-x) commits, after its time, a `flowforge.config.mjs` that would write a
 *   marker file if anything ran it;
 * - `web` (group client-x) is billed by the org file's rates;
 * - alice and bob work in all three, and issue 42 exists in all three.
 */
const NOVEMBER = ['--period', '2026-11'];
const ORG_RATES = { default: 100, users: { alice: 120 }, repos: { web: 110 }, issues: { 'api#42': 150 } };
const APP_RATES = { default: 90, users: { bob: 95 }, issues: { '7': 200 } };

let root: string;
let marker: string;
/** Each repository's own `flowforge report --by user,issue` for November, taken in its clone. */
const own: Record<string, ReportJson> = {};
const remotes: Record<string, string> = {};
const clones: Record<string, string> = {};

function teamClone(name: string, config: Record<string, string>): string {
  const repo = join(root, 'clones', name);
  mkdirSync(repo, { recursive: true });
  for (const args of [['init', '--quiet', '--initial-branch=main'], ['config', 'user.email', 'dev@example.com'], ['config', 'user.name', 'Dev'], ['config', 'commit.gpgsign', 'false']])
    gitAs(repo, {}, ...args);
  writeFiles(repo, config);
  return repo;
}

/** Commits the team layer and the config, and publishes the clone as a bare `file://` remote that serves partial clones. */
function publish(name: string, repo: string): void {
  gitAs(repo, {}, 'add', '--all', '--', '.flowforge/team', '.flowforge/recovery', ...readdirSync(repo).filter((file) => file.includes('flowforge') && file !== '.flowforge'));
  gitAs(repo, {}, 'commit', '--quiet', '-m', `time in ${name}`);
  const remote = join(root, 'remotes', `${name}.git`);
  gitAs(root, {}, 'clone', '--quiet', '--bare', repo, remote);
  gitAs(remote, {}, 'config', 'uploadpack.allowFilter', 'true');
  remotes[name] = remote;
  clones[name] = repo;
}

function writeOrgFile(dir: string, org: unknown, name = 'flowforge.org.json'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), JSON.stringify(org, null, 2));
  return dir;
}

const orgOf = (extra: Record<string, unknown> = {}) => ({
  name: 'acme',
  timezone: 'Europe/Berlin',
  repos: [
    { url: `file://${remotes.app}`, rates: 'repo' },
    { url: `file://${remotes.api}`, group: 'client-x' },
    { url: `file://${remotes.web}`, group: 'client-x', ref: 'main' },
    `file://${join(root, 'remotes', 'gone.git')}`,
  ],
  billing: { currency: 'EUR', rates: ORG_RATES },
  ...extra,
});

/** The manager's terminal: a folder with the org file, and a FLOWFORGE_HOME for the caches. */
function manager(home: string): { dir: string; run: (...args: string[]) => CliResult; json: (...args: string[]) => ReportJson & { repos: Record<string, unknown>[] } } {
  const dir = writeOrgFile(join(root, `manager-${home}`), orgOf());
  const env = { ...envOf('manager'), FLOWFORGE_HOME: join(root, home) };
  const run = (...args: string[]) => runCli(args, { cwd: dir, env });
  return {
    dir,
    run,
    json: (...args) => {
      const result = run('report', '--org', '--format', 'json', ...args);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as ReportJson & { repos: Record<string, unknown>[] };
    },
  };
}

/** Every pack file of every cache under `home`: a download adds one. */
function packsUnder(home: string): string[] {
  const org = join(root, home, 'org');
  return readdirSync(org).flatMap((cache) => readdirSync(join(org, cache, 'repo.git', 'objects', 'pack')).map((file) => `${cache}/${file}`)).sort();
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'flowforge-org-'));
  marker = join(root, 'remote-code-ran');
  const app = teamClone('app', { '.flowforgerc.json': JSON.stringify({ team: { timezone: 'Europe/Berlin' }, billing: { currency: 'EUR', rates: APP_RATES } }) });
  const api = teamClone('api', { 'flowforge.config.mjs': configText({ rates: { default: 80 } }) });
  const web = teamClone('web', { 'flowforge.config.mjs': configText({ rates: { default: 80 } }) });
  track(app, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:10'), entry('7', '2026-11-03T09:00', '2026-11-03T09:25')]);
  track(app, 'bob', [entry('42', '2026-11-04T13:00', '2026-11-04T14:20')]);
  track(api, 'alice', [entry('42', '2026-11-05T09:00', '2026-11-05T11:07')]);
  track(api, 'bob', [entry('7', '2026-11-05T09:00', '2026-11-05T09:50'), entry('42', '2026-11-06T09:00', '2026-11-06T09:31')]);
  track(web, 'alice', [entry('7', '2026-11-09T14:00', '2026-11-09T15:13')]);
  track(web, 'bob', [entry('42', '2026-11-10T08:00', '2026-11-10T12:01', '--non-billable'), entry('8', '2026-11-10T13:00', '2026-11-10T13:44')]);
  for (const [name, repo] of Object.entries({ app, api, web })) own[name] = reportJson(repo, [...NOVEMBER, '--by', 'user,issue']);
  // Only now does api's config turn hostile: committed, so the org report sees it at the tip.
  writeFiles(api, { 'flowforge.config.mjs': `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n` });
  for (const [name, repo] of Object.entries({ app, api, web })) publish(name, repo);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('report --org', () => {
  it('bills every repository it can reach, each to the second as its own report does, names the one it cannot, and runs no remote code', () => {
    const { run, json } = manager('home-bill');
    const result = run('report', '--org', '--format', 'json', ...NOVEMBER);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/! The repository gone could not be fetched .*: it is NOT billed here\./);
    expect(result.stderr).not.toContain('Fetching'); // progress is for a terminal only
    const bill = JSON.parse(result.stdout) as ReportJson & { repos: { repo: string; status: string; commit: string | null; group: string | null }[] };
    expect(bill.schema).toBe('flowforge.report/1');
    expect(bill.by).toEqual(['repo', 'user', 'issue']);
    expect(bill.repos.map(({ repo, status, group }) => ({ repo, status, group }))).toEqual([
      { repo: 'app', status: 'fetched', group: null },
      { repo: 'api', status: 'fetched', group: 'client-x' },
      { repo: 'web', status: 'fetched', group: 'client-x' },
      { repo: 'gone', status: 'unreachable', group: null },
    ]);

    for (const [name, report] of Object.entries(own)) {
      const rows = bill.rows.filter((row) => row.repo === name);
      expect(rows.map(({ user, issue, hours, billableHours }) => ({ user, issue, hours, billableHours }))).toEqual(
        report.rows.map(({ user, issue, hours, billableHours }) => ({ user, issue, hours, billableHours })),
      );
      for (const row of rows) expect(row.group).toBe(name === 'app' ? null : 'client-x');
    }
    const sum = (key: 'hours' | 'billableHours') => Math.round(Object.values(own).reduce((total, report) => total + report.totals[key], 0) * 100) / 100;
    expect(bill.totals.hours).toBe(sum('hours'));
    expect(bill.totals.billableHours).toBe(sum('billableHours'));

    // app bills itself, exactly as its own report did; the others at the org's rates, most specific first.
    expect(bill.rows.filter((row) => row.repo === 'app').map(({ issue, user, rate, amount }) => ({ user, issue, rate, amount }))).toEqual(
      own.app?.rows.map(({ issue, user, rate, amount }) => ({ user, issue, rate, amount })),
    );
    const rateOf = (repo: string, user: string, issue: string) => bill.rows.find((row) => row.repo === repo && row.user === user && row.issue === issue)?.rate;
    expect(rateOf('app', 'bob', '42')).toBe(95);
    expect(rateOf('app', 'alice', '7')).toBe(200);
    expect(rateOf('api', 'alice', '42')).toBe(150); // repo#issue beats the user's rate
    expect(rateOf('api', 'bob', '42')).toBe(150);
    expect(rateOf('api', 'bob', '7')).toBe(100); // the default
    expect(rateOf('web', 'alice', '7')).toBe(120); // the user's rate beats the repository's
    expect(rateOf('web', 'bob', '8')).toBe(110); // the repository's rate beats the default
    expect(existsSync(marker)).toBe(false);

    // The same bill grouped by group: api and web together, app in none.
    const byGroup = json(...NOVEMBER, '--by', 'group');
    expect(byGroup.rows.map((row) => row.group)).toEqual([null, 'client-x']);
    // Each grouping rounds its own rows to 0.01 h (docs/reports.md): two rows of 0.005 h apart at most here.
    expect(Math.abs(byGroup.totals.hours - bill.totals.hours)).toBeLessThanOrEqual(0.02);
  });

  it('downloads nothing on a second run with nothing new, and only what is new after a push', () => {
    const { run, json } = manager('home-cache');
    const first = json(...NOVEMBER);
    const packs = packsUnder('home-cache');
    const second = run('report', '--org', '--format', 'json', ...NOVEMBER, '--by', 'repo,user,issue');
    expect(JSON.parse(second.stdout)).toEqual(first);
    expect(packsUnder('home-cache')).toEqual(packs);

    // Bob tracks more time in web and pushes: only web's cache grows, and the bill with it.
    track(clones.web as string, 'bob', [entry('8', '2026-11-11T09:00', '2026-11-11T09:30')]);
    gitAs(clones.web as string, {}, 'add', '--all', '--', '.flowforge/team', '.flowforge/recovery');
    gitAs(clones.web as string, {}, 'commit', '--quiet', '-m', 'more time');
    gitAs(clones.web as string, {}, 'push', '--quiet', remotes.web as string, 'main');
    const third = json(...NOVEMBER);
    const added = packsUnder('home-cache').filter((pack) => !packs.includes(pack));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((pack) => pack.startsWith('web-'))).toBe(true);
    expect(third.totals.hours).toBe(Math.round((first.totals.hours + 0.5) * 100) / 100);

    // --offline bills the cache as it is and fetches nothing.
    const offline = json(...NOVEMBER, '--offline');
    expect(offline.totals).toEqual(third.totals);
    expect(offline.repos.map((repo) => repo.status)).toEqual(['cached', 'cached', 'cached', 'unreachable']);

    // A repository that was fetched before and cannot be now is billed from its cache, and named.
    renameSync(remotes.web as string, `${remotes.web}.away`);
    try {
      const result = run('report', '--org', '--format', 'json', ...NOVEMBER);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/! The repository web could not be fetched .*: billed from its cached commit [0-9a-f]{12}, which may be out of date\./);
      const stale = JSON.parse(result.stdout) as typeof third;
      expect(stale.totals).toEqual(third.totals);
      expect(stale.repos.map((repo) => repo.status)).toEqual(['fetched', 'fetched', 'stale', 'unreachable']);
    } finally {
      renameSync(`${remotes.web}.away`, remotes.web as string);
    }
  });

  it('--strict refuses an incomplete bill; the HTML bill names what is missing', () => {
    const { dir, run } = manager('home-strict');
    const strict = run('report', '--org', ...NOVEMBER, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/^FF_ORG_UNREACHABLE .*gone/);
    const html = run('report', '--org', ...NOVEMBER, '--format', 'html', '--out', 'bill.html');
    expect(html.code).toBe(0);
    const page = readFileSync(join(dir, 'bill.html'), 'utf8');
    expect(page).toMatch(/<caption>Amount per repository<\/caption>[^]*<th scope="row">app<\/th>/);
    expect(page).toMatch(/The repository gone could not be fetched/);
    expect(page).toContain('<th scope="col">Repo</th>');
    expect(page).toContain('from 3 of the org file\'s 4 repositories');

    // Nothing reachable, nothing cached: a bill of nothing is refused, --strict or not; verify too.
    // A remote helper other than git's own transports is refused too, whatever the user's git config says.
    const nothing = writeOrgFile(join(root, 'manager-nothing'), { repos: [`file://${join(root, 'remotes', 'gone.git')}`, `file://${join(root, 'remotes', 'lost.git')}`, `testgit::${remotes.web}`] });
    const empty = runCli(['report', '--org', ...NOVEMBER], { cwd: nothing, env: { ...envOf('manager'), FLOWFORGE_HOME: join(root, 'home-nothing') } });
    expect(empty.code).toBe(1);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toMatch(/^FF_ORG_UNREACHABLE None of the org file's 3 repositories could be fetched .*: gone, lost, web\./);
    expect(empty.stderr).not.toContain('without --strict');
    const unverified = runCli(['verify', '--org', '--json'], { cwd: nothing, env: { ...envOf('manager'), FLOWFORGE_HOME: join(root, 'home-nothing') } });
    expect(unverified.code).toBe(1);
    const verified = JSON.parse(unverified.stdout) as { ok: boolean; repos: { repo: string; reason?: string }[] };
    expect(verified.ok).toBe(false);
    expect(verified.repos.find((repo) => repo.repo === 'web')?.reason).toBe("transport 'testgit' not allowed");

    // Without --org, --offline and --strict mean nothing: a usage error, not a silent no-op.
    for (const args of [['report', '--strict'], ['report', '--offline'], ['verify', '--strict']]) {
      const misused = runCli(args, { cwd: clones.web as string, env: envOf('manager') });
      expect(misused.code, args.join(' ')).toBe(2);
      expect(misused.stderr).toMatch(/^FF_USAGE --(strict|offline) goes with --org/);
    }
    // The hours-over-time chart adds up every fetched repository's hours, each at its own granularity.
    const json = JSON.parse(run('report', '--org', ...NOVEMBER, '--json').stdout) as { totals: { hours: number } };
    const charted = [...page.matchAll(/data-hours="([\d.]+)"/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(page).toContain('id="hours-over-time"');
    expect(charted).toBeCloseTo(json.totals.hours, 1);
  });

  it("bills a repository by the config its own report reads, and names a broken one as that repository's", () => {
    // package.json's flowforge key comes first in the search, as in `flowforge report` there.
    const pkg = teamClone('pkg', {
      'package.json': JSON.stringify({ name: 'pkg', private: true, flowforge: { team: { timezone: 'Europe/Berlin' }, billing: { currency: 'EUR', rates: { default: 77 } } } }),
      '.flowforgerc.json': JSON.stringify({ team: { timezone: 'Europe/Berlin' }, billing: { currency: 'EUR', rates: { default: 55 } } }),
    });
    track(pkg, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    expect(reportJson(pkg, NOVEMBER).rows.map((row) => row.rate)).toEqual([77]);
    gitAs(pkg, {}, 'add', 'package.json');
    publish('pkg', pkg);
    const bad = teamClone('bad', { '.flowforgerc.json': JSON.stringify({ team: { timezone: 'Europe/Berlin' }, billing: { currency: 'EUR', rates: { default: 55 } } }) });
    track(bad, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    writeFiles(bad, { '.flowforgerc.json': '{ "billing": ' });
    publish('bad', bad);

    const env = { ...envOf('manager'), FLOWFORGE_HOME: join(root, 'home-own-config') };
    const own = writeOrgFile(join(root, 'manager-own-config'), { repos: [{ url: `file://${remotes.pkg}`, rates: 'repo' }] });
    const billed = runCli(['report', '--org', ...NOVEMBER, '--json'], { cwd: own, env });
    expect(billed.code, billed.stderr).toBe(0);
    expect((JSON.parse(billed.stdout) as ReportJson).rows.map((row) => row.rate)).toEqual([77]);
    const broken = writeOrgFile(join(root, 'manager-broken-config'), { repos: [{ url: `file://${remotes.bad}`, rates: 'repo' }] });
    const refused = runCli(['report', '--org', ...NOVEMBER], { cwd: broken, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^FF_ORG_REPO_RATES In the repository bad \(file:.*\): The repository bad cannot supply its own rates: its config \.flowforgerc\.json is not valid JSON or YAML/);
  });

  it('refuses a repository whose team folder is a link, naming it, rather than bill it as nothing', () => {
    const linked = teamClone('linked', {});
    mkdirSync(join(linked, '.flowforge'));
    symlinkSync('../elsewhere', join(linked, '.flowforge', 'team'));
    gitAs(linked, {}, 'add', '.flowforge/team');
    gitAs(linked, {}, 'commit', '--quiet', '-m', 'a link');
    const remote = join(root, 'remotes', 'linked.git');
    gitAs(root, {}, 'clone', '--quiet', '--bare', linked, remote);
    const dir = writeOrgFile(join(root, 'manager-linked'), { repos: [`file://${remote}`, `file://${remotes.web}`] });
    const result = runCli(['report', '--org', ...NOVEMBER], { cwd: dir, env: { ...envOf('manager'), FLOWFORGE_HOME: join(root, 'home-linked') } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^FF_NOT_A_FILE In the repository linked \(file:.*\): \.flowforge\/team is a symbolic link, not a file/);
  });

  it('shows its progress on a terminal', () => {
    const { dir } = manager('home-tty');
    const result = runCliOnTty(['report', '--org', ...NOVEMBER], { cwd: dir, env: { ...envOf('manager'), FLOWFORGE_HOME: join(root, 'home-tty') } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Fetching 0/4 repositories…');
    expect(result.stdout).toContain('Fetching 4/4 repositories…');
    expect(result.stdout).toMatch(/! The repository gone could not be fetched/);
  });

  it('never runs a remote config, even when the org file lets that repository bill itself', () => {
    const dir = writeOrgFile(join(root, 'trust-api'), { repos: [{ url: `file://${remotes.api}`, rates: 'repo' }] });
    const result = runCli(['report', '--org', ...NOVEMBER], { cwd: dir, env: { ...envOf('manager'), FLOWFORGE_HOME: join(root, 'home-trust') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^FF_ORG_REPO_RATES In the repository api .*flowforge\.config\.mjs is a program/);
    expect(existsSync(marker)).toBe(false);
  });

  it('names every problem of an org file by its path, and exits 2', () => {
    const dir = writeOrgFile(join(root, 'bad-org'), {
      repos: [`file://${remotes.api}`, { url: '--upload-pack=touch /tmp/x' }, `file://${remotes.web}`, { url: `file://${remotes.web}`, ref: 'main' }],
      billing: { currency: 'euro', rates: { issues: { 'nope#1': 1, '42': 2 } } },
    });
    const result = runCli(['report', '--org'], { cwd: dir, env: envOf('manager') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^FF_ORG_FILE_INVALID /);
    expect(result.stderr).toContain('repos[1].url: expected a git URL');
    expect(result.stderr).toContain('billing.currency: expected a 3-letter');
    expect(result.stderr).not.toMatch(/\n\s+at /);

    const names = writeOrgFile(join(root, 'bad-names'), { repos: [`file://${remotes.web}`, { url: `file://${remotes.web}`, ref: 'main' }], billing: { rates: { issues: { 'nope#1': 1, '42': 2 } } } });
    const second = runCli(['report', '--org'], { cwd: names, env: envOf('manager') });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('repos[1]: the name "web" is already that of repos[0]');
    expect(second.stderr).toContain('billing.rates.issues["nope#1"]: "nope" names no repository');
    expect(second.stderr).toContain('billing.rates.issues["42"]: expected "<repo>#<issue>"');

    const missing = runCli(['report', '--org', 'nowhere.yaml'], { cwd: dir, env: envOf('manager') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^FF_ORG_FILE_NOT_FOUND /);
  });

  it('reads a YAML org file', () => {
    const dir = join(root, 'yaml-org');
    mkdirSync(dir);
    writeFileSync(join(dir, 'flowforge.org.yaml'), `repos:\n  - url: file://${remotes.web}\n    name: site\nbilling:\n  currency: EUR\n  rates: { default: 100 }\n`);
    const result = runCli(['report', '--org', '--format', 'csv', ...NOVEMBER, '--by', 'repo,user'], { cwd: dir, env: { ...envOf('manager'), FLOWFORGE_HOME: join(root, 'home-yaml') } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\r\n')[0]).toBe('Repo,User,Hours,Billable h,Rate,Amount (EUR)');
    expect(result.stdout).toContain('site,alice,');
  });
});

describe('verify --org', () => {
  it('checks every repository it can reach and warns of the one it cannot', () => {
    const { run } = manager('home-verify');
    const result = run('verify', '--org', '--json');
    const report = JSON.parse(result.stdout) as { ok: boolean; files: number; problems: { file: string; severity: string }[] };
    expect(result.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.files).toBeGreaterThan(0);
    expect(report.problems.filter((problem) => problem.severity !== 'info')).toEqual([expect.objectContaining({ file: 'gone', severity: 'warning' })]);
    expect(run('verify', '--org', '--strict').code).toBe(1);
  });
});
