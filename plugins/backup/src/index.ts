import { currentMsOrClock, definePlugin, type Trigger, UserStore } from '@flowforge/core';
import { backupHome, PLUGIN_NAME, repoIdOfClone, snapshotsDirOf } from './location.js';
import type { backupOptionsSchema } from './options.js';
import { takeSnapshot } from './take-snapshot.js';

export type { BackupOptions } from './options.js';
export { backupHome, backupOptionsFrom, otherClonesWithSnapshots, repoIdOfClone, snapshotsDirOf, userBackupDir } from './location.js';
export { repoIdOf } from './repo-id.js';
export { type Manifest, type SnapshotTotals } from './manifest.js';
export { SnapshotStore, type SnapshotInfo } from './snapshot-store.js';
export { restoreSnapshot, type RestoreResult } from './restore.js';
export { eraseBackups } from './erase.js';
export { takeSnapshot, type SnapshotOutcome } from './take-snapshot.js';

/** The runs that change private data: CI and publishing read the team layer only. */
const SNAPSHOT_TRIGGERS: ReadonlySet<Trigger> = new Set(['pre-commit', 'daemon', 'manual']);

/**
 * Snapshots of the private layer outside the repo (SPEC §9: `git clean -xfd` or a lost laptop must
 * not cost a minute), taken on the `snapshot` stage of every run that aggregates a user's data —
 * inside that run's store lock, so no entry is written halfway through a snapshot. Where they live,
 * retention and the never-shrink rule: docs/backups.md. Commands read them back through the
 * exports above (`flowforge recover`, `flowforge erase`).
 */
export default definePlugin<typeof backupOptionsSchema>({
  name: PLUGIN_NAME,
  // Loaded only to validate: a commit with options validated before needs neither it nor zod.
  options: async () => (await import('./options.js')).backupOptionsSchema,
  apply(kernel, options, { logger, configDir }) {
    kernel.hooks.snapshot.tapPromise('backup', async (_aggregation, context) => {
      if (!SNAPSHOT_TRIGGERS.has(context.trigger) || context.dryRun || context.user === null) return;
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
