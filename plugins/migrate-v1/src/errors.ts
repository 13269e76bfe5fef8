import { defineErrors } from '@flowforge/core/internal';

/** This plugin's errors (docs/errors.md, "@flowforge/plugin-migrate-v1"). */
export const migrateErrors = defineErrors({
  FF_MIGRATE_NOTHING_TO_IMPORT: {
    exitCode: 2,
    describe: ({ looked, autoLoaded }: { looked: readonly string[]; autoLoaded: boolean }) => ({
      message: `No v1 time data to import:\n${looked.map((line) => `  ${line}`).join('\n') || '  no importer taps the migrate hook'}`,
      hint:
        'Run it in the repo that holds the v1 file, name the file with `--file PATH`, or set it once in the config: ' +
        "plugins: [['@flowforge/plugin-migrate-v1', { file: 'PATH' }]] (first-party plugins resolve from the FlowForge CLI, so listing it is enough)." +
        (autoLoaded ? ' The config does not list @flowforge/plugin-migrate-v1, so this command loaded it with its defaults.' : ''),
    }),
  },
  FF_V1_FILE_NOT_FOUND: {
    exitCode: 2,
    describe: ({ file, migrated }: { file: string; migrated: boolean }) => ({
      message: `There is no v1 file at ${file}.`,
      hint: migrated
        ? `${file}.migrated exists: this file was migrated already. To import it again, run \`flowforge migrate v2 --file ${file}.migrated\`.`
        : "Check the path: `--file` is relative to the current folder, the plugin's `file` option to the repo root.",
    }),
  },
  FF_V1_FILE_INVALID: {
    exitCode: 2,
    describe: ({ file, reason }: { file: string; reason: string }) => ({
      message: `${file} is not readable as v1 time data: ${reason}`,
      hint: 'Nothing was imported or changed. Fix the JSON (a v1 file left with merge conflict markers is the usual cause: resolve them, e.g. from `git log -p -- <file>`), then run the migration again.',
    }),
  },
});
