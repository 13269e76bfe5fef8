import { definePlugin } from '@flowforge/core';
import { backupOptionsSchema } from './options.js';

export { backupOptionsSchema, type BackupOptions } from './options.js';

/**
 * Snapshots of the private layer outside the repo (SPEC §9: `git clean -xfd` must not cost a
 * minute). Its options are validated now; its `snapshot` tap arrives with the resilience issue (#6).
 */
export default definePlugin({
  name: '@flowforge/plugin-backup',
  options: backupOptionsSchema,
  apply() {},
});
