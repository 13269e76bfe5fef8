import type { DoctorCheck } from '@flowforge/core';
import type { BackupOptions } from './options.js';

/*
 * What the plugin adds besides its snapshot tap. The plugin is applied on every commit, so each
 * loads its code only when it runs.
 */

/** The `backups` line of `flowforge doctor` (`doctor-check.ts`). */
export const backupsCheck = (backupOptions: BackupOptions, configDir: string): DoctorCheck => ({
  id: 'backups',
  title: 'backups',
  run: async (context) => (await import('./doctor-check.js')).checkBackups(backupOptions, configDir, context),
});
