/**
 * `@flowforge/plugin-migrate-v1`: imports v1 `.task-times.json` data (`reference/v1-format.md`).
 *
 * The pure core (`readV1File` → `interpretV1` → `sessions`, `findings`, `v1Totals`;
 * `formatIntegrityTable`, `hasUnexplained`) is exported for tools and tests; the plugin itself
 * does the migration when `flowforge migrate v2` runs the `migrate` hook, and the parallel run.
 */
import { definePlugin } from '@flowforge/core/internal';
import { migrateCommand } from './command.js';
import { migrateV1, PLUGIN_NAME } from './migrate.js';
import { migrateV1OptionsSchema } from './options.js';
import { tapParallelRun } from './parallel-run.js';

export { interpretV1 } from './interpret.js';
export {
  ALTERNATIVE_V1_FILES,
  DEFAULT_V1_FILE,
  migrateV1OptionsSchema,
  v1FileCandidates,
  type MigrateV1Options,
} from './options.js';
export { migrateV1, PLUGIN_NAME } from './migrate.js';
export { fingerprintOf, loadV1File, readV1File, V1FileError, type LoadedV1File, type V1Fingerprint } from './read-file.js';
export { MIGRATED_SUFFIX } from './locate.js';
export { STATE_FILE } from './parallel-state.js';
export {
  NO_USER,
  type Finding,
  type FindingKind,
  type InterpretOptions,
  type MigratedSession,
  type V1Interpretation,
  type V1Total,
} from './types.js';
export { readV1Document, type V1CurrentSession, type V1Document, type V1Issue, type V1IssueTotals, type V1Session } from './v1-schema.js';
export { formatIntegrityTable, hasUnexplained } from './verify-table.js';

/**
 * Adds the command `flowforge migrate` (`command.ts`), taps the `migrate` hook it runs
 * (`migrate.ts`) and, with `parallelRun` (the default), `snapshot` to import what old v1 scripts
 * still add to the v1 file (`parallel-run.ts`).
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options: migrateV1OptionsSchema,
  apply(kernel, options, context) {
    kernel.hooks.migrate.tapPromise('v1-importer', (request) => migrateV1(kernel, options, context, request));
    kernel.addCommand(migrateCommand(context.loadedFor ?? null));
    tapParallelRun(kernel, options, context);
  },
});
