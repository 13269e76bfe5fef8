import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { BOUNDED, type CliResult, runCli } from './cli.js';
import { linkInstall, makeTempRepo, writeFiles } from './repo.js';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An empty temp folder, removed after the test. */
export function tempDir(prefix = 'flowforge-team-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * `git ...args` as a developer types it, with their environment (so the husky hook sees
 * FLOWFORGE_USER, FLOWFORGE_NOW, TZ): never throws, the caller asserts on the exit code.
 */
export function gitRun(cwd: string, env: Record<string, string | undefined>, ...args: string[]): CliResult {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, FLOWFORGE_SKIP: undefined, HUSKY: undefined, NO_COLOR: '1', ...env }, ...BOUNDED });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like `gitRun`, but fails the test with git's own words when git fails. */
export function gitOk(cwd: string, env: Record<string, string | undefined>, ...args: string[]): string {
  const result = gitRun(cwd, env, ...args);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout.trim();
}

/** A developer at their terminal in one clone: their id, time zone and "now". */
export class Developer {
  now = '2026-12-20T18:00:00Z';

  constructor(
    readonly repo: string,
    readonly user: string,
    readonly zone = 'Europe/Berlin',
  ) {}

  env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {
      FLOWFORGE_USER: this.user,
      FLOWFORGE_NOW: this.now,
      TZ: this.zone,
      // Data outside the repo (backups) stays inside this clone's .git, removed with it.
      FLOWFORGE_HOME: join(this.repo, '.git', 'flowforge-home'),
      ...extra,
    };
  }

  /** `flowforge ...args`, whatever it exits with. */
  ff(...args: string[]): CliResult {
    return runCli(args, { cwd: this.repo, env: this.env() });
  }

  /** `flowforge ...args`, which must succeed. */
  ffOk(...args: string[]): string {
    const result = this.ff(...args);
    expect(result.stderr, `flowforge ${args.join(' ')}`).toBe('');
    expect(result.code, `flowforge ${args.join(' ')}`).toBe(0);
    return result.stdout;
  }

  /** `flowforge <args> --json`, parsed. */
  json<T = Record<string, unknown>>(...args: string[]): T {
    return JSON.parse(this.ffOk(...args, '--json')) as T;
  }

  git(...args: string[]): string {
    return gitOk(this.repo, this.env(), ...args);
  }

  gitRun(args: readonly string[], extraEnv: Record<string, string | undefined> = {}): CliResult {
    return gitRun(this.repo, this.env(extraEnv), ...args);
  }

  /** Writes and stages `files`, then `git commit` through the real hooks; returns git's result. */
  commit(message: string, files: Record<string, string>, extraEnv: Record<string, string | undefined> = {}): CliResult {
    writeFiles(this.repo, files);
    this.git('add', '--', ...Object.keys(files));
    return this.gitRun(['commit', '--quiet', '-m', message], extraEnv);
  }

  /** Like `commit`, and the commit must succeed. */
  commitOk(message: string, files: Record<string, string>, extraEnv: Record<string, string | undefined> = {}): void {
    const result = this.commit(message, files, extraEnv);
    if (result.code !== 0) throw new Error(`git commit exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }

  /** `A`/`M`/`D` lines of the last commit (`git show --name-status --no-renames`). */
  lastCommitFiles(): string[] {
    return this.git('show', '--name-status', '--no-renames', '--format=', 'HEAD').split('\n').filter(Boolean);
  }

  /** `git status --porcelain`, its leading spaces kept (` M` is unstaged, `M ` staged). */
  status(): string {
    const result = this.gitRun(['status', '--porcelain']);
    expect(result.code).toBe(0);
    return result.stdout.trimEnd();
  }
}

export interface TeamRepoOptions {
  /** Files written before `flowforge init` (a config of the team's own, `package.json`, `.husky/pre-commit`). */
  files?: Record<string, string>;
  /** The developer who sets the repo up and makes the first commit. */
  user?: string;
  zone?: string;
}

/**
 * A team repo as a team would have it after `npm install` and `flowforge init`: the install
 * linked (husky's hook finds `node_modules/.bin/flowforge`), `node_modules` ignored, and
 * everything `init` wrote committed — through the real hook, which has nothing to do yet.
 */
export function teamRepo(options: TeamRepoOptions = {}): Developer {
  const repo = makeTempRepo();
  writeFiles(repo, { '.gitignore': 'node_modules\n', ...options.files });
  linkInstall(repo);
  const dev = new Developer(repo, options.user ?? 'alice', options.zone);
  dev.ffOk('init', '--yes');
  dev.git('add', '--all');
  dev.git('commit', '--quiet', '-m', 'Set up FlowForge');
  expect(dev.status()).toBe('');
  return dev;
}

/** A clone of `remote` for `user`, set up as a developer does after cloning: link the install, `flowforge init`. */
export function cloneFor(remote: string, user: string, zone = 'Europe/Berlin'): Developer {
  const dir = join(tempDir('flowforge-clone-'), user);
  mkdirSync(dir);
  gitOk(dir, {}, 'clone', '--quiet', remote, '.');
  gitOk(dir, {}, 'config', 'user.email', `${user}@example.com`);
  gitOk(dir, {}, 'config', 'user.name', user);
  gitOk(dir, {}, 'config', 'commit.gpgsign', 'false');
  linkInstall(dir);
  return new Developer(dir, user, zone);
}

export interface TeamFileJson {
  schema: string;
  user: string;
  month: string;
  revision: number;
  granularity: string;
  rounding: unknown;
  buckets: { issue: string; period: string; seconds: number; billableSeconds: number; entries: number }[];
}

/** A clone's team file: `.flowforge/team/<user>/<clone>/<month>.r<revision>.<hash>.json`. */
export const TEAM_NAME = /^\.flowforge\/team\/([^/]+)\/([a-z2-7]{8})\/(\d{4}-\d{2})\.r(\d+)\.[0-9a-f]{12}\.json$/;

/** The team files of the work tree, newest revision per user × clone × month, as readers choose them. */
export function newestTeamFiles(dev: Developer): TeamFileJson[] {
  const paths = dev.git('ls-files', '--cached', '--others', '--exclude-standard', '.flowforge/team').split('\n').filter(Boolean);
  const newest = new Map<string, { path: string; revision: number }>();
  for (const path of paths) {
    const match = TEAM_NAME.exec(path);
    if (!match) continue;
    const key = `${match[1]}/${match[2]}/${match[3]}`;
    const current = newest.get(key);
    if (!current || Number(match[4]) > current.revision) newest.set(key, { path, revision: Number(match[4]) });
  }
  return [...newest.values()].map(({ path }) => JSON.parse(readFileSync(join(dev.repo, path), 'utf8')) as TeamFileJson);
}

/** Every bucket of `user` in the newest team files, with its month file's granularity. */
export function bucketsOfUser(dev: Developer, user: string): TeamFileJson['buckets'] {
  return newestTeamFiles(dev)
    .filter((file) => file.user === user)
    .flatMap((file) => file.buckets);
}

/**
 * A team on a bare remote (`file://`, as a hosting service would be): `user` runs `flowforge init`
 * in the first clone, commits the set-up and pushes it. Others join with `joinTeam`.
 */
export function remoteTeam(user = 'alice', zone = 'Europe/Berlin'): { remote: string; first: Developer } {
  const remote = join(tempDir('flowforge-remote-'), 'team.git');
  mkdirSync(remote);
  gitOk(remote, {}, 'init', '--quiet', '--bare', '--initial-branch=main');
  const first = cloneFor(remote, user, zone);
  first.git('symbolic-ref', 'HEAD', 'refs/heads/main');
  writeFiles(first.repo, { '.gitignore': 'node_modules\n', 'README.md': '# app\n' });
  first.ffOk('init', '--yes');
  first.git('add', '--all');
  first.git('commit', '--quiet', '-m', 'Set up FlowForge');
  first.git('push', '--quiet', '-u', 'origin', 'main');
  return { remote, first };
}

/** A developer's clone of the team's remote, set up as `flowforge init` does in every clone. */
export function joinTeam(remote: string, user: string, zone = 'Europe/Berlin'): Developer {
  const dev = cloneFor(remote, user, zone);
  dev.ffOk('init', '--yes'); // wires the hook in this clone; the committed files are already right
  expect(dev.status()).toBe('');
  return dev;
}
