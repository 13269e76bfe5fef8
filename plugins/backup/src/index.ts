import { currentMsOrClock, definePlugin, UserStore } from '@flowforge/core/internal';
import { backupsCheck, eraseCommand, recoverCommand } from './contributions.js';
import { backupHome, PLUGIN_NAME, repoIdOfClone, snapshotsDirOf } from './location.js';
import type { backupOptionsSchema } from './options.js';
import { takeSnapshot } from './take-snapshot.js';

export type { BackupOptions } from './options.js';
export { backupHome, otherClonesWithSnapshots, repoIdOfClone, snapshotsDirOf, userBackupDir } from './location.js';
export { repoIdOf } from './repo-id.js';
export { type Manifest, type SnapshotTotals } from './manifest.js';
export { SnapshotStore, type SnapshotInfo } from './snapshot-store.js';
export { restoreSnapshot, type RestoreResult } from './restore.js';
export { eraseBackups } from './erase.js';
export { takeSnapshot, type SnapshotOutcome } from './take-snapshot.js';

/**
 * Snapshots of the private layer outside the repo (docs/backups.md: `git clean -xfd` or a lost laptop must
 * not cost a minute), taken on the `snapshot` stage of every run that aggregates a user's data —
 * inside that run's store lock, so no entry is written halfway through a snapshot. Where they live,
 * retention and the never-shrink rule: docs/backups.md. Adds the commands that read them back,
 * `flowforge recover` and `flowforge erase` (the CLI loads the plugin for them when the config does
 * not list it), and the `backups` line of `flowforge doctor`.
 */
export default definePlugin<typeof backupOptionsSchema>({
  name: PLUGIN_NAME,
  // Loaded only to validate: a commit with options validated before needs neither it nor zod.
  options: async () => (await import('./options.js')).backupOptionsSchema,
  apply(kernel, options, { logger, configDir, loadedFor }) {
    kernel.addCommand(recoverCommand(options));
    kernel.addCommand(eraseCommand(options));
    kernel.addDoctorCheck(backupsCheck(options, configDir));
    // Loaded for `recover` or `erase` alone: `recover --team` aggregates, and takes no snapshot
    // where nobody configured backups.
    if (loadedFor) return;
    kernel.hooks.snapshot.tapPromise('backup', async (_aggregation, _changes, context) => {
      const repoId = await repoIdOfClone(context.repoRoot);
      await takeSnapshot({
        userRoot: UserStore.forRepo(context.repoRoot, context.user).root,
        user: context.user,
        repo: { id: repoId, path: context.repoRoot },
        snapshotsDir: snapshotsDirOf(backupHome(options, configDir), repoId, context.user),
        keep: options.keep,
        trigger: context.trigger,
        nowMs: currentMsOrClock(),
        logger,
      });
    });
  },
});
