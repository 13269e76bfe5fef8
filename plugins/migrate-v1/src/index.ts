/**
 * `@flowforge/plugin-migrate-v1`: imports v1 `.task-times.json` data (`reference/v1-format.md`).
 *
 * The named exports are the importer's pure core, for the `flowforge migrate v2` command:
 * `readV1File` → `interpretV1` → write `sessions` to the stores, show `findings`, and for
 * `--verify-integrity` print `formatIntegrityTable(v1Totals)` and exit 1 when `hasUnexplained`.
 */
import { definePlugin } from '@flowforge/core';
import { migrateV1OptionsSchema } from './options.js';

export { interpretV1 } from './interpret.js';
export {
  ALTERNATIVE_V1_FILES,
  DEFAULT_V1_FILE,
  migrateV1OptionsSchema,
  v1FileCandidates,
  type MigrateV1Options,
} from './options.js';
export { readV1File, V1FileError } from './read-file.js';
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
 * Validates the plugin's options in the team config. It taps nothing yet: the parallel-run
 * `collect` tap arrives with the `flowforge migrate v2` command, and until then `parallelRun`
 * changes nothing.
 */
export default definePlugin({
  name: '@flowforge/plugin-migrate-v1',
  options: migrateV1OptionsSchema,
  apply() {},
});
