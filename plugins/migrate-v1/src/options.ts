/**
 * Options of `@flowforge/plugin-migrate-v1` in the team config. The default file is not filled
 * in here: when nobody named a file, the migrator also looks where one v1 install kept it
 * (variant 9), and a default value would hide that nobody did.
 */
import { z } from 'zod';

/** Where the v1 script wrote its data. */
export const DEFAULT_V1_FILE = '.task-times.json';
/** Where one v1 install kept it instead (v1-format.md, variant 9). */
export const ALTERNATIVE_V1_FILES = ['.flowforge/billing/time-tracking.json'] as const;

export const migrateV1OptionsSchema = z
  .strictObject({
    /** The v1 file, relative to the repo root; default `.task-times.json`, then the alternatives. */
    file: z.string().trim().min(1, { error: 'expected a path to the v1 file, such as ".task-times.json"' }).optional(),
    /** Keep importing sessions that old scripts still add to the v1 file after the migration. */
    parallelRun: z.boolean().default(true),
  })
  .prefault({});

export type MigrateV1Options = z.output<typeof migrateV1OptionsSchema>;

/** The paths to try, in order: the named file alone, or the default and then the alternatives. */
export function v1FileCandidates(file: string | undefined): string[] {
  return file === undefined ? [DEFAULT_V1_FILE, ...ALTERNATIVE_V1_FILES] : [file];
}
