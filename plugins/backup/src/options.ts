import { z } from 'zod';

/** Reads nothing but the options (no environment, file or clock): the CLI caches what it validates to (`PURE_OPTIONS`). */
export const backupOptionsSchema = z
  .strictObject({
    /** How many snapshots to keep per user; older ones are pruned, never the newest good one nor the largest good one. */
    keep: z.number().int().min(1).max(10_000).default(30),
    /** Where backups live (relative to the config file's folder); default: `FLOWFORGE_HOME`, else the platform's user data folder. */
    dir: z.string().min(1).optional(),
  })
  .prefault({});

export type BackupOptions = z.output<typeof backupOptionsSchema>;
