import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  type Booted,
  CORE_PLUGIN_NAME,
  type DoctorCheck as PluginDoctorCheck,
  type DoctorFinding,
  type DoctorStatus,
  formatDuration,
  isFlowForgeError,
  listQueue,
  printable,
  resolveUserId,
  UserStore,
} from '@flowforge/core/internal';
import { missingFromTeamLayer } from '@flowforge/core/drift';
import { reasonOf } from '@flowforge/core/errors';
import { assertNoLinkedFolders, trackedUnder, UNTRACKED } from '@flowforge/core/guard';
import { bootForCommand } from '../boot.js';
import { POST_CHECKOUT_LINE } from '../follow-branch.js';
import type { GlobalOptions } from '../main.js';

export type CheckStatus = DoctorStatus;

/** One line of `flowforge doctor`: what was checked, what was found and, unless it passed, how to fix it. */
export interface DoctorCheck extends DoctorFinding {
  id: string;
  title: string;
}

const HOOKS_PATH = '.husky/_';
const HOOK_LINE = 'flowforge hook pre-commit';
const BACKUP_PLUGIN = '@flowforge/plugin-backup';
const INIT_FIX = 'run `flowforge init` in this clone: it changes only what is missing';

const pass = (id: string, title: string, message: string): DoctorCheck => ({ id, title, status: 'pass', message, fix: null });
const fail = (id: string, title: string, message: string, fix: string, status: CheckStatus = 'fail'): DoctorCheck => ({ id, title, status, message, fix });

/** Every check, in the order a developer would fix them; later checks use what earlier ones found. */
export async function runDoctorChecks(cwd: string, globals: GlobalOptions): Promise<DoctorCheck[]> {
  const top = git(cwd, 'rev-parse', '--show-toplevel');
  if (top.status !== 0)
    return [fail('git-repo', 'git work tree', `${cwd} is not inside a git work tree`, 'run FlowForge inside the team repository (`git init` creates one)')];
  const repoRoot = top.stdout.trim();
  const checks = [pass('git-repo', 'git work tree', repoRoot)];

  let booted: Booted | undefined;
  try {
    booted = await bootForCommand(globals);
    const file = booted.loaded.file ? relative(repoRoot, booted.loaded.file) : 'no config file, defaults apply';
    checks.push(pass('config', 'config', `${file}; plugins: ${booted.kernel.plugins.filter((plugin) => plugin.name !== CORE_PLUGIN_NAME).map((plugin) => plugin.name).join(', ') || 'none'}`));
  } catch (thrown) {
    checks.push(problemOf('config', 'config', thrown));
  }

  checks.push(hooksPath(repoRoot), await hookLine(repoRoot), ...(await followBranchHook(repoRoot, booted)), ...ignoredFolders(repoRoot), realFolders(repoRoot), committedPrivateData(repoRoot), await privateModes(repoRoot));

  let user: string | undefined;
  try {
    user = resolveUserId(repoRoot);
    checks.push(pass('user', 'user id', user));
  } catch (thrown) {
    checks.push(problemOf('user', 'user id', thrown));
  }
  checks.push(await teamDrift(repoRoot, user), await queue(repoRoot), ...(await pluginChecks(repoRoot, booted, user)));
  return checks;
}

/** With `tracking.followBranch`, the post-checkout hook that makes a running timer follow checkouts; no check without it. */
async function followBranchHook(repoRoot: string, booted: Booted | undefined): Promise<DoctorCheck[]> {
  if (!booted?.loaded.config.tracking.followBranch) return [];
  const title = 'post-checkout hook (tracking.followBranch)';
  const text = await readFile(join(repoRoot, '.husky', 'post-checkout'), 'utf8').catch(() => undefined);
  if (text?.split(/\r?\n/).some((line) => line.trim() === POST_CHECKOUT_LINE)) return [pass('post-checkout', title, `.husky/post-checkout runs \`${POST_CHECKOUT_LINE}\``)];
  const found = text === undefined ? '.husky/post-checkout does not exist' : `.husky/post-checkout does not run \`${POST_CHECKOUT_LINE}\``;
  return [fail('post-checkout', title, `${found}, so timers do not follow branch checkouts`, `${INIT_FIX}, then commit .husky/post-checkout`)];
}

/** Convergence: this checkout's team files hold all of the user's time in this clone. */
async function teamDrift(repoRoot: string, user: string | undefined): Promise<DoctorCheck> {
  const title = 'your time in the team files';
  if (!user) return { ...pass('team-drift', title, 'not checked: the user id is broken (see above)'), status: 'skip' };
  try {
    const missing = await missingFromTeamLayer(repoRoot, UserStore.forRepo(repoRoot, user));
    if (missing === 0) return pass('team-drift', title, "this checkout's team files hold all of your time in this clone");
    return fail(
      'team-drift',
      title,
      `${formatDuration(missing)} of your time is not in this checkout's team files (git changed them since your last aggregation: a checkout, reset, rebase or merge)`,
      'commit (the pre-commit hook writes and stages them), or run `flowforge aggregate`',
    );
  } catch (thrown) {
    return problemOf('team-drift', title, thrown);
  }
}

function hooksPath(repoRoot: string): DoctorCheck {
  const title = 'git hooks wiring';
  const value = git(repoRoot, 'config', '--get', 'core.hooksPath').stdout.trim();
  if (value !== HOOKS_PATH)
    return fail('hooks-path', title, `core.hooksPath is ${value ? `"${value}"` : 'not set'}, not ${HOOKS_PATH}: git runs no husky hook, so commits carry no time`, INIT_FIX);
  if (!existsSync(join(repoRoot, HOOKS_PATH, 'pre-commit')))
    return fail('hooks-path', title, `core.hooksPath is ${HOOKS_PATH}, but husky's ${HOOKS_PATH}/pre-commit is missing`, INIT_FIX);
  return pass('hooks-path', title, `core.hooksPath = ${HOOKS_PATH}`);
}

async function hookLine(repoRoot: string): Promise<DoctorCheck> {
  const title = 'pre-commit hook';
  const text = await readFile(join(repoRoot, '.husky', 'pre-commit'), 'utf8').catch(() => undefined);
  if (text === undefined) return fail('pre-commit', title, '.husky/pre-commit does not exist', `${INIT_FIX}, then commit .husky/pre-commit`);
  if (!text.split(/\r?\n/).some((line) => line.trim() === HOOK_LINE))
    return fail('pre-commit', title, `.husky/pre-commit does not run \`${HOOK_LINE}\``, `add the line \`${HOOK_LINE}\` to .husky/pre-commit (\`flowforge init\` does) and commit it`);
  return pass('pre-commit', title, `.husky/pre-commit runs \`${HOOK_LINE}\``);
}

/** Asks git rather than reading `.gitignore`, so global excludes and `!` patterns count as git counts them. */
function ignoredFolders(repoRoot: string): DoctorCheck[] {
  return ['.flowforge/user/', '.flowforge/daemon/'].map((folder) => {
    const id = `gitignore-${folder.split('/')[1]}`;
    const title = `${folder} ignored`;
    const ignored = git(repoRoot, 'check-ignore', '--quiet', '--no-index', `${folder}probe`).status === 0;
    return ignored
      ? pass(id, title, `git ignores ${folder}`)
      : fail(id, title, `git does not ignore ${folder}: its files could be committed`, `add the line ${folder} to .gitignore (\`flowforge init\` does) and commit it`);
  });
}

/** What every other command refuses to run with (`guardRepo`), reported here with the rest. */
function realFolders(repoRoot: string): DoctorCheck {
  const title = 'no links in .flowforge/';
  try {
    assertNoLinkedFolders(repoRoot);
    return pass('folders', title, "FlowForge's folders are real folders");
  } catch (thrown) {
    return problemOf('folders', title, thrown);
  }
}

function committedPrivateData(repoRoot: string): DoctorCheck {
  const title = 'private data not committed';
  const tracked = trackedUnder(repoRoot, UNTRACKED);
  if (tracked.length === 0) return pass('private-committed', title, 'git tracks nothing under .flowforge/user/ or .flowforge/daemon/');
  return fail(
    'private-committed',
    title,
    `git tracks ${tracked.length} file(s) under .flowforge/user/ or .flowforge/daemon/ (${tracked.slice(0, 3).map(printable).join(', ')}${tracked.length > 3 ? ', …' : ''}): ` +
      'notes and times of day are in the repo, and every other command refuses to run',
    '`git rm -r --cached --ignore-unmatch .flowforge/user .flowforge/daemon` and commit (the files stay on disk; if they came with a teammate\'s commit, ' +
      'leave out `--cached` to remove them from disk too: they are not your time). If that history was pushed, remove them from it too ' +
      '(`git filter-repo --invert-paths --path .flowforge/user`) and have everyone clone again',
  );
}

/** Owner-only access is what privacy needs; the store creates folders 0700 and files 0600. */
async function privateModes(repoRoot: string): Promise<DoctorCheck> {
  const title = 'private folder permissions';
  if (process.platform === 'win32') return { ...pass('permissions', title, 'not checked on Windows (no POSIX modes)'), status: 'skip' };
  const root = join(repoRoot, '.flowforge', 'user');
  if (!existsSync(root)) return pass('permissions', title, 'no private data yet');
  const guard = join(root, '.gitignore'); // FlowForge's own `*` ignore file: no data, readable on purpose
  const open: string[] = [];
  const walk = async (path: string): Promise<void> => {
    if (path === guard) return;
    const info = await lstat(path);
    if ((info.mode & 0o077) !== 0) open.push(`${relative(repoRoot, path)} (${(info.mode & 0o777).toString(8)})`);
    if (info.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
  };
  await walk(root);
  if (open.length === 0) return pass('permissions', title, '.flowforge/user/ is readable by its owner only');
  return fail(
    'permissions',
    title,
    `${open.length} private path(s) readable by others: ${open.slice(0, 3).join(', ')}${open.length > 3 ? ', …' : ''} (folders should be 700, files 600)`,
    '`chmod -R go-rwx .flowforge/user`',
  );
}

async function queue(repoRoot: string): Promise<DoctorCheck> {
  const title = 'failed runs queued';
  const fix = 'fix what the failure names, then run `flowforge aggregate`: it retries and empties the queue (a running `flowforge daemon` retries by itself)';
  try {
    const queued = await listQueue(repoRoot);
    if (queued.length === 0) return pass('queue', title, 'no failed hook run is waiting');
    const { failure } = queued[0] as (typeof queued)[number];
    return fail('queue', title, `${queued.length} failed run(s) of the hook wait in .flowforge/daemon/queue/; the oldest (${failure.at}): ${failure.code} ${failure.message}`, fix);
  } catch (thrown) {
    return fail('queue', title, `.flowforge/daemon/queue/ is unreadable: ${reasonOf(thrown)}`, `remove the damaged file from .flowforge/daemon/queue/, then ${fix}`);
  }
}

/**
 * The checks plugins add (`kernel.addDoctorCheck`; @flowforge/plugin-backup's is `backups`), after a
 * warning when no backup plugin is configured. Without a config or a user id, not checked.
 */
async function pluginChecks(repoRoot: string, booted: Booted | undefined, user: string | undefined): Promise<DoctorCheck[]> {
  const notChecked = ({ id, title }: { id: string; title: string }): DoctorCheck => ({ ...pass(id, title, 'not checked: the config or the user id is broken (see above)'), status: 'skip' });
  const backups = { id: 'backups', title: 'backups' };
  if (!booted) return [notChecked(backups)];
  const checks: DoctorCheck[] = [];
  if (!booted.kernel.plugins.some((plugin) => plugin.name === BACKUP_PLUGIN)) {
    checks.push(
      user
        ? fail(backups.id, backups.title, `${BACKUP_PLUGIN} is not in the config's plugins: private data has no copy outside this clone`, `add '${BACKUP_PLUGIN}' to plugins in the config`, 'warn')
        : notChecked(backups),
    );
  }
  for (const check of booted.kernel.doctorChecks) checks.push(user ? await runPluginCheck(check, repoRoot, user) : notChecked(check));
  return checks;
}

async function runPluginCheck(check: PluginDoctorCheck, repoRoot: string, user: string): Promise<DoctorCheck> {
  const { id, title } = check;
  try {
    const { status, message, fix } = await check.run({ repoRoot, user });
    return { id, title, status, message, fix };
  } catch (thrown) {
    return problemOf(id, title, thrown);
  }
}

function problemOf(id: string, title: string, thrown: unknown): DoctorCheck {
  if (isFlowForgeError(thrown)) return fail(id, title, `${thrown.code} ${thrown.message}`, thrown.hint);
  return fail(id, title, reasonOf(thrown), 'run the failing command with --debug for details');
}

function git(cwd: string, ...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? '' };
}
