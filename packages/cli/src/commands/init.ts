import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { flowForgeError, loadConfig, readGitIdentity, recordUserId, resolveUserId, UserStore } from '@flowforge/core/internal';
import { writeCiWorkflow } from '../ci-workflow.js';
import { POST_CHECKOUT_LINE } from '../follow-branch.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';

const IGNORED = ['.flowforge/user/', '.flowforge/daemon/'];
const BYTE_EXACT = ['.flowforge/team/** -text', '.flowforge/recovery/** -text'];
const PRE_COMMIT_LINE = 'flowforge hook pre-commit';

/**
 * `flowforge init [--ci] [--yes]`: makes a repository a FlowForge team repo (with `--ci`, also its
 * GitHub Actions workflow). Every step checks first and changes only what is missing, so running
 * it again changes nothing, and an existing `.husky/pre-commit` (lint-staged, tests) keeps its lines.
 */
const init: CommandAction = async (_args, options, session) => {
  const { repoRoot } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: session.cwd });
  const done: string[] = [];

  for (const dir of ['.flowforge/team', '.flowforge/recovery']) await mkdir(join(repoRoot, dir), { recursive: true });

  done.push(...(await addMissingLines(repoRoot, '.gitignore', IGNORED, 'private time data and runtime state stay on this machine')));
  // Team files are named by the hash of their bytes: line-ending conversion must not touch them.
  done.push(...(await addMissingLines(repoRoot, '.gitattributes', BYTE_EXACT, 'team files are byte-exact (their names hold their hash)')));

  const { file, config } = await loadConfig({ cwd: repoRoot, ...(session.config ? { configPath: session.config } : {}) });
  if (!file) {
    await writeFile(join(repoRoot, 'flowforge.config.mjs'), configTemplate(basename(repoRoot)));
    done.push('flowforge.config.mjs: written with the defaults (see docs/configuration.md)');
  }

  await installHusky(repoRoot);
  done.push(...(await addHookLine(repoRoot, 'pre-commit', PRE_COMMIT_LINE)));
  if (config.tracking.followBranch) done.push(...(await addHookLine(repoRoot, 'post-checkout', POST_CHECKOUT_LINE)));
  done.push(...pinUserId(repoRoot), ...(await startShard(repoRoot)));
  if (options.ci) done.push(...(await writeCiWorkflow(repoRoot)));
  if (done.length === 0) printLine('FlowForge is already set up here; nothing changed.');
  for (const line of done) printLine(`✓ ${line}`);
  if (done.length > 0) printLine('Commit these files. Each developer runs `flowforge init` once in their own clone (git keeps hook wiring per clone), then `flowforge start <issue>`.');
};

/**
 * An id made from git's `user.email` is written to the clone's git config (`flowforge.user`): a
 * changed e-mail must not move a developer's time to another id. An id set by `FLOWFORGE_USER` or
 * already in git config is left as it is.
 */
function pinUserId(repoRoot: string): string[] {
  if (process.env.FLOWFORGE_USER !== undefined) return [];
  const git = readGitIdentity(repoRoot);
  if (git.user !== undefined || git.email === undefined) return []; // with neither, tracking says how to set one
  const id = resolveUserId(repoRoot);
  recordUserId(repoRoot, id);
  return [`git config flowforge.user ${id}: your user id in this clone, made from your git e-mail`];
}

/**
 * This clone's shard of the user's team files gets its random id now (the first aggregation makes
 * one otherwise). A developer with no user id yet gets it with their first tracked time.
 */
async function startShard(repoRoot: string): Promise<string[]> {
  let user: string;
  try {
    user = resolveUserId(repoRoot);
  } catch {
    return [];
  }
  const store = UserStore.forRepo(repoRoot, user);
  if (store.cloneId() !== undefined) return [];
  const clone = await store.locked(() => store.ensureCloneId());
  return [`.flowforge/user/${user}/clone: ${clone}, the folder of this clone's share of ${user}'s team files (random: it says nothing about this machine)`];
}

/** Appends the `lines` that `file` lacks, under a comment saying why. */
async function addMissingLines(repoRoot: string, file: string, lines: readonly string[], why: string): Promise<string[]> {
  const path = join(repoRoot, file);
  const present = existsSync(path) ? (await readFile(path, 'utf8')).split(/\r?\n/) : [];
  const missing = lines.filter((line) => !present.includes(line));
  if (missing.length === 0) return [];
  const lead = present.length > 0 && present.at(-1) !== '' ? '\n' : '';
  await appendFile(path, `${lead}# FlowForge: ${why}\n${missing.join('\n')}\n`);
  return [`${file}: added ${missing.join(', ')}`];
}

/** husky v9's own installer (the CLI ships husky): `core.hooksPath = .husky/_`. */
async function installHusky(repoRoot: string): Promise<void> {
  const { default: husky } = (await import('husky')) as { default: (dir?: string) => string };
  const cwd = process.cwd();
  process.chdir(repoRoot); // husky works relative to the current folder
  const failure = husky('.husky');
  process.chdir(cwd);
  if (failure) throw flowForgeError('FF_GIT_FAILED', { command: 'husky install', reason: failure });
}

/** Our `line` in `.husky/<gitHook>`, after any lines already there (lint-staged, tests). */
async function addHookLine(repoRoot: string, gitHook: string, line: string): Promise<string[]> {
  const hook = join(repoRoot, '.husky', gitHook);
  const lines = existsSync(hook) ? (await readFile(hook, 'utf8')).split(/\r?\n/) : [];
  if (lines.some((present) => present.trim() === line)) return [];
  const text = lines.join('\n').trimEnd();
  await writeFile(hook, `${text ? `${text}\n` : ''}${line}\n`);
  await chmod(hook, 0o755);
  return [`.husky/${gitHook}: ${lines.length > 0 ? 'added' : 'runs'} \`${line}\` (husky v9, core.hooksPath = .husky/_)`];
}

function configTemplate(team: string): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `// FlowForge team config — every setting: docs/configuration.md
export default {
  team: { name: ${JSON.stringify(team)}, timezone: ${JSON.stringify(zone)} },
  billing: { currency: 'EUR', rates: { default: 0, users: {}, issues: {} } },
  hook: { failOnError: false, staleTimerHours: 10 },
  plugins: [
    ['@flowforge/plugin-granularity', { period: 'day', identity: 'name' }],
    '@flowforge/plugin-backup',
  ],
};
`;
}

export default init;
