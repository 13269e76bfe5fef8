import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { assertRealFolders, findRepoRoot, flowForgeError, isValidUserId, TEAM_DIR, withLock } from '@flowforge/core/internal';
import { backupHome, backupOptionsFrom, eraseBackups, repoIdOfClone, userBackupDir } from '@flowforge/plugin-backup';
import { bootForCommand } from '../boot.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';
import { publishedIdentity } from '../published-identity.js';

const RECOVERY_DIR = '.flowforge/recovery';

interface Target {
  /** What is printed: repo-relative inside the clone, absolute outside it. */
  label: string;
  remove: () => Promise<unknown>;
}

/**
 * `flowforge erase --user ID [--yes] [--include-team]` (GDPR erasure): the user's private data in
 * this clone, their backups of this clone, and with --include-team their committed team files and
 * integrity data, from the work tree (the user commits the removal). Without --yes it lists what
 * it would remove and stops with exit 2: erasure cannot be undone.
 */
const erase: CommandAction = async (_args, options, globals) => {
  const repoRoot = findRepoRoot(process.cwd());
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: process.cwd() });
  const user = String(options.user);
  if (!isValidUserId(user)) throw flowForgeError('FF_BAD_USER_ID', { id: user, source: '--user' });
  const booted = await bootForCommand(globals);
  const home = backupHome(await backupOptionsFrom(booted.loaded.config), booted.loaded.dir);
  const repoId = await repoIdOfClone(repoRoot);

  const targets: Target[] = [];
  // Whatever is removed is a real folder of FlowForge's: never a link, whose target would be
  // emptied instead (`rm` itself unlinks the links it meets inside, without following them).
  for (const dir of [`.flowforge/user/${user}`, ...[TEAM_DIR, RECOVERY_DIR].map((top) => `${top}/${user}`)]) assertRealFolders(repoRoot, dir);
  const privateDir = join(repoRoot, '.flowforge', 'user', user);
  if (existsSync(privateDir)) targets.push({ label: `${rel(repoRoot, privateDir)}/`, remove: () => removePrivateLayer(privateDir) });
  const backups = userBackupDir(home, repoId, user);
  if (existsSync(backups)) targets.push({ label: `${backups} (backups)`, remove: () => eraseBackups(home, repoId, user) });
  const team: string[] = [];
  if (options.includeTeam) {
    const names = new Set([user, await publishedIdentity(booted, repoRoot, user)]);
    for (const name of names) {
      for (const dir of [`${TEAM_DIR}/${name}`, `${RECOVERY_DIR}/${name}`]) {
        if (!existsSync(join(repoRoot, dir))) continue;
        assertRealFolders(repoRoot, dir);
        team.push(dir);
        targets.push({ label: `${dir}/`, remove: () => rm(join(repoRoot, dir), { recursive: true, force: true }) });
      }
    }
  }

  if (targets.length === 0) return printLine(`Nothing of ${user}'s to erase in this clone${options.includeTeam ? '' : ' (team files not included: --include-team)'}.`);
  if (!options.yes) {
    printLine(`flowforge erase would remove, for ${user}:`);
    for (const target of targets) printLine(`  ${target.label}`);
    throw flowForgeError('FF_ERASE_UNCONFIRMED', { user });
  }
  for (const target of targets) await target.remove();
  printLine(`Erased ${user}'s data:`);
  for (const target of targets) printLine(`  removed ${target.label}`);
  if (team.length > 0) printLine(`Commit the removal: git add --all -- ${team.join(' ')} && git commit -m "Erase ${user}'s time data"`);
  else if (!options.includeTeam) printLine(`Their committed team files stay; add --include-team to remove those too.`);
};

/**
 * Under the store's lock, so no hook or daemon of that user writes while it goes: everything but
 * the lock first, then the folder once the lock is released.
 */
async function removePrivateLayer(dir: string): Promise<void> {
  await withLock(join(dir, '.lock'), async () => {
    for (const name of await readdir(dir)) if (!name.startsWith('.lock')) await rm(join(dir, name), { recursive: true, force: true });
  });
  await rm(dir, { recursive: true, force: true });
}

const rel = (repoRoot: string, path: string) => relative(repoRoot, path).split('\\').join('/');

export default erase;
