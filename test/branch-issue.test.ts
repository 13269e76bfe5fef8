import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './helpers/cli.js';
import { git, makeTempRepo, writeFiles } from './helpers/repo.js';
import { teamRepo } from './helpers/team.js';

/**
 * The issue from the branch name: `start` (and `switch`) without an issue, and, with
 * `tracking.followBranch`, the `post-checkout` hook that moves a running timer to the branch's
 * issue. Real repos, the built CLI, and husky's real hook on real checkouts.
 */

const NOW = '2026-11-02T12:00:00Z';

/** A repo on `branch` whose team config sets `tracking` (none: the defaults). */
function repoOnBranch(branch: string, tracking?: Record<string, unknown>): { repo: string; ff: (...args: string[]) => CliResult } {
  const repo = makeTempRepo();
  writeFiles(repo, { '.flowforgerc.json': JSON.stringify({ team: { timezone: 'UTC' }, ...(tracking ? { tracking } : {}) }) });
  git(repo, 'checkout', '--quiet', '-b', branch);
  return { repo, ff: (...args) => runCli(args, { cwd: repo, env: { FLOWFORGE_USER: 'alice', FLOWFORGE_NOW: NOW, TZ: 'UTC' } }) };
}

function runningIssue(ff: (...args: string[]) => CliResult): string | null {
  const status = ff('status', '--json');
  expect(status.code, status.stderr).toBe(0);
  return (JSON.parse(status.stdout) as { active: { issue: string } | null }).active?.issue ?? null;
}

describe('start without an issue', () => {
  it.each([
    ['feature/123-login', '123'],
    ['PROJ-42-fix', 'PROJ-42'],
    ['release2/PROJ-42', 'PROJ-42'], // a key wins over an earlier number
    ['bugfix/7', '7'],
  ])('takes it from the branch %s: %s, and says so', (branch, issue) => {
    const { ff } = repoOnBranch(branch);
    const started = ff('start');
    expect(started.stderr).toBe('');
    expect(started.stdout).toBe(`Started ${issue} (from branch ${branch}) at 12:00\n`);
    expect(runningIssue(ff)).toBe(issue);
  });

  it('takes it through tracking.branchIssuePattern: its first group, else its whole match', () => {
    const grouped = repoOnBranch('v2/issue-77-cache', { branchIssuePattern: 'issue-(\\d+)' });
    expect(grouped.ff('start').stdout).toBe('Started 77 (from branch v2/issue-77-cache) at 12:00\n');
    const whole = repoOnBranch('feature/app-9-x', { branchIssuePattern: '[a-z]+-\\d+' });
    expect(whole.ff('start').stdout).toBe('Started app-9 (from branch feature/app-9-x) at 12:00\n');
    // switch takes it the same way.
    expect(whole.ff('switch').stderr).toMatch(/^FF_ALREADY_RUNNING A timer on app-9 is already running/);
  });

  it('is a usage error with a hint when the branch holds no issue, or there is no branch', () => {
    const { repo, ff } = repoOnBranch('main');
    const refused = ff('start');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'FF_USAGE No issue given, and the branch name "main" holds none (a key such as PROJ-42, else the first number on its own).\n' +
        'hint: Give the issue (`flowforge start 123`), or work on a branch named after it (feature/123-login, PROJ-42-fix); tracking.branchIssuePattern in the config sets how it is found (docs/tracking.md).\n',
    );
    expect(existsSync(join(repo, '.flowforge/user/alice/time/current.json'))).toBe(false);

    const configured = repoOnBranch('feature/123-login', { branchIssuePattern: 'JIRA-\\d+' });
    expect(configured.ff('start').stderr).toContain('the branch name "feature/123-login" holds none (tracking.branchIssuePattern "JIRA-\\\\d+")');

    git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'first');
    git(repo, 'checkout', '--quiet', '--detach');
    const detached = ff('start');
    expect(detached.code).toBe(2);
    expect(detached.stderr).toMatch(/^FF_USAGE No issue given, and HEAD is detached/);
  });

  it('refuses a branchIssuePattern that is no regular expression, naming the setting', () => {
    const { ff } = repoOnBranch('feature/1', { branchIssuePattern: '(' });
    const refused = ff('start');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^FF_CONFIG_INVALID /);
    expect(refused.stderr).toContain('tracking.branchIssuePattern: expected a JavaScript regular expression');
  });
});

describe('tracking.followBranch', () => {
  const FOLLOWING = { 'flowforge.config.mjs': "export default { team: { timezone: 'UTC' }, tracking: { followBranch: true } };\n", 'app.txt': 'v1\n' };

  it('init installs the post-checkout hook, once, and only when the config asks', () => {
    const dev = teamRepo({ files: FOLLOWING });
    const hook = join(dev.repo, '.husky/post-checkout');
    expect(readFileSync(hook, 'utf8')).toBe('flowforge hook post-checkout "$@"\n');
    expect(dev.ffOk('init', '--yes')).toContain('nothing changed');
    expect(readFileSync(hook, 'utf8')).toBe('flowforge hook post-checkout "$@"\n');
    expect(existsSync(join(teamRepo().repo, '.husky/post-checkout'))).toBe(false);

    type Doctor = { checks: { id: string; status: string; message: string }[] };
    expect(dev.json<Doctor>('doctor').checks.find((check) => check.id === 'post-checkout')).toMatchObject({ status: 'pass' });
    rmSync(hook);
    const missing = dev.ff('doctor', '--json');
    expect(missing.code).toBe(1);
    expect((JSON.parse(missing.stdout) as Doctor).checks.find((check) => check.id === 'post-checkout')).toMatchObject({
      status: 'fail',
      message: '.husky/post-checkout does not exist, so timers do not follow branch checkouts',
    });
  });

  it('moves a running timer to the issue of the branch checked out, and never starts one', () => {
    const dev = teamRepo({ files: FOLLOWING, zone: 'UTC' });
    const at = (time: string) => (dev.now = `2026-11-02T${time}:00Z`);

    // No user id (or one that is not valid): no timer to follow, and nothing said.
    at('07:00');
    expect(dev.gitRun(['checkout', '--quiet', '-b', 'feature/9-x'], { FLOWFORGE_USER: 'Not An Id' }).stderr).toBe('');

    // No timer running: checking out an issue's branch starts none.
    at('08:00');
    expect(dev.gitRun(['checkout', '--quiet', '-b', 'feature/123-login']).stderr).toBe('');
    expect(dev.json<{ active: unknown }>('status').active).toBeNull();

    at('09:00');
    dev.ffOk('start');
    at('10:00');
    const moved = dev.gitRun(['checkout', '--quiet', '-b', 'PROJ-42-fix']);
    expect(moved.code).toBe(0);
    expect(moved.stderr).toBe('flowforge: on branch PROJ-42-fix: stopped 123 (logged 1h), started PROJ-42.\n');
    expect(dev.json<{ active: { issue: string; since: string } }>('status').active).toMatchObject({ issue: 'PROJ-42', since: '2026-11-02T10:00:00Z' });

    // A branch that names no issue keeps the timer, and says so.
    at('11:00');
    expect(dev.gitRun(['checkout', '--quiet', 'main']).stderr).toBe('flowforge: the branch main names no issue; the timer on PROJ-42 keeps running.\n');
    expect(dev.json<{ active: { issue: string } }>('status').active.issue).toBe('PROJ-42');

    at('11:30');
    expect(dev.gitRun(['checkout', '--quiet', 'feature/123-login']).stderr).toContain('stopped PROJ-42 (logged 1h30m), started 123.');
    const log = dev.json<{ entries: { issue: string; start: string; end: string }[] }>('log');
    expect(log.entries.map(({ issue, start, end }) => `${issue} ${start.slice(11, 16)}-${end.slice(11, 16)}`)).toEqual(['123 09:00-10:00', 'PROJ-42 10:00-11:30']);

    // A file checkout (post-checkout's flag 0) leaves the timer alone, even on another issue's branch.
    at('11:45');
    dev.ffOk('start', 'PROJ-42');
    at('11:50');
    const file = dev.gitRun(['checkout', '--quiet', 'main', '--', 'app.txt']);
    expect(file.code).toBe(0);
    expect(file.stderr).toBe('');
    expect(dev.json<{ active: { issue: string } }>('status').active.issue).toBe('PROJ-42');

    // Two checkouts within a second: no later start fits, so the timer stays, and the message says how to move it.
    at('11:55');
    dev.ffOk('switch', '7');
    const quick = dev.gitRun(['checkout', '--quiet', 'feature/123-login']);
    expect(quick.code).toBe(0);
    expect(quick.stderr).toBe("flowforge: the timer on 7 started this very second and keeps running; `flowforge switch` moves it to this branch's issue.\n");
    expect(dev.json<{ active: { issue: string } }>('status').active.issue).toBe('7');

    // Stopped: later checkouts start nothing.
    at('12:00');
    dev.ffOk('stop');
    expect(dev.gitRun(['checkout', '--quiet', 'PROJ-42-fix']).stderr).toBe('');
    expect(dev.json<{ active: unknown }>('status').active).toBeNull();
  });

  it('does nothing when the config no longer asks, even with the hook installed', () => {
    const dev = teamRepo({ files: FOLLOWING, zone: 'UTC' });
    writeFiles(dev.repo, { 'flowforge.config.mjs': "export default { team: { timezone: 'UTC' }, tracking: { followBranch: false } };\n" });
    dev.now = '2026-11-02T09:00:00Z';
    dev.ffOk('start', '5');
    dev.now = '2026-11-02T10:00:00Z';
    expect(dev.gitRun(['checkout', '--quiet', '-b', 'feature/6-x']).stderr).toBe('');
    expect(dev.json<{ active: { issue: string } }>('status').active.issue).toBe('5');
  });
});
