import { constants, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DoctorCheckContext, type DoctorFinding, UserStore } from '@flowforge/core/internal';
import { backupHome, repoIdOfClone, snapshotsDirOf } from './location.js';
import type { BackupOptions } from './options.js';
import { SnapshotStore } from './snapshot-store.js';

const pass = (message: string): DoctorFinding => ({ status: 'pass', message, fix: null });

/** `flowforge doctor`'s `backups` line (see `contributions.ts`). */
export async function checkBackups(options: BackupOptions, configDir: string, { repoRoot, user }: DoctorCheckContext): Promise<DoctorFinding> {
  const home = backupHome(options, configDir);
  const writable = await nearestWritable(home);
  if (!writable) return { status: 'fail', message: `${home} cannot be written: no snapshot can be taken`, fix: 'make it writable, or point FLOWFORGE_HOME (or the plugin\'s `dir` option) at a folder you own' };
  const snapshots = await new SnapshotStore(snapshotsDirOf(home, await repoIdOfClone(repoRoot), user)).list();
  const good = snapshots.filter((snapshot) => snapshot.status === 'good');
  if (good.length > 0) {
    const broken = snapshots.length - good.length;
    return pass(`${good.length} good snapshot(s) of ${user} in ${home}, newest ${good[0]?.id}${broken > 0 ? ` (${broken} broken)` : ''}`);
  }
  const hasEntries = await UserStore.forRepo(repoRoot, user)
    .days()
    .then((days) => days.length > 0, () => true);
  if (!hasEntries) return pass(`no tracked time yet; snapshots will go to ${home}`);
  return {
    status: 'fail',
    message: `${user} has tracked time but no good snapshot in ${home}${snapshots.length > 0 ? ` (${snapshots.length} broken)` : ''}`,
    fix: 'run `flowforge aggregate`: every aggregation takes a snapshot (docs/backups.md)',
  };
}

/** Whether `path`, or the nearest folder above it that exists, can be written (where it would be created). */
async function nearestWritable(path: string): Promise<boolean> {
  for (let dir = path; ; dir = dirname(dir)) {
    if (existsSync(dir))
      return access(dir, constants.W_OK).then(
        () => true,
        () => false,
      );
    if (dirname(dir) === dir) return false;
  }
}
