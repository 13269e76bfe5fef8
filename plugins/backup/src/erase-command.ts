import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { assertRealFolders, type CommandContext, flowForgeError, isValidUserId, RECOVERY_DIR, TEAM_DIR, withLock } from '@flowforge/core/internal';
import { eraseBackups } from './erase.js';
import { backupHome, repoIdOfClone, userBackupDir } from './location.js';
import type { BackupOptions } from './options.js';
import { publishedIdentity } from './published-identity.js';
import { backupErrors } from './errors.js';

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
export async function erase(backupOptions: BackupOptions, { options, cwd, repoRoot, kernel, config, configDir, print }: CommandContext): Promise<void> {
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd });
  const user = String(options.user);
  if (!isValidUserId(user)) throw flowForgeError('FF_BAD_USER_ID', { id: user, source: '--user' });
  const home = backupHome(backupOptions, configDir);
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
    const names = new Set([user, await publishedIdentity(kernel, config, repoRoot, user)]);
    for (const name of names) {
      for (const dir of [`${TEAM_DIR}/${name}`, `${RECOVERY_DIR}/${name}`]) {
        if (!existsSync(join(repoRoot, dir))) continue;
        assertRealFolders(repoRoot, dir);
        team.push(dir);
        targets.push({ label: `${dir}/`, remove: () => rm(join(repoRoot, dir), { recursive: true, force: true }) });
      }
    }
  }

  if (targets.length === 0) return print(`Nothing of ${user}'s to erase in this clone${options.includeTeam ? '' : ' (team files not included: --include-team)'}.`);
  if (!options.yes) {
    print(`flowforge erase would remove, for ${user}:`);
    for (const target of targets) print(`  ${target.label}`);
    throw backupErrors.create('FF_ERASE_UNCONFIRMED', { user });
  }
  for (const target of targets) await target.remove();
  print(`Erased ${user}'s data:`);
  for (const target of targets) print(`  removed ${target.label}`);
  if (team.length > 0) print(`Commit the removal: git add --all -- ${team.join(' ')} && git commit -m "Erase ${user}'s time data"`);
  else if (!options.includeTeam) print(`Their committed team files stay; add --include-team to remove those too.`);
}

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
