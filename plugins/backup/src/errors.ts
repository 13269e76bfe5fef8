import { defineErrors } from '@flowforge/core/internal';

/** This plugin's errors (docs/errors.md, "@flowforge/plugin-backup"). */
export const backupErrors = defineErrors({
  FF_NO_SNAPSHOT: {
    exitCode: 1,
    describe: ({ user, dir, broken, elsewhere }: { user: string; dir: string; broken: number; elsewhere: readonly string[] }) => ({
      message: `No good snapshot of ${user}'s private data in ${dir}${broken > 0 ? ` (${broken} broken)` : ''}.`,
      hint:
        elsewhere.length > 0
          ? `Snapshots of ${user} from other clones exist: ${elsewhere.join(', ')}; restore from one with \`flowforge recover --repo-id <id>\`.`
          : 'Backups are taken when you aggregate (or commit) with @flowforge/plugin-backup; on a new machine, copy the old FLOWFORGE_HOME first (docs/backups.md).',
    }),
  },
  FF_SNAPSHOT_NOT_FOUND: {
    exitCode: 2,
    describe: ({ id, dir }: { id: string; dir: string }) => ({
      message: `There is no snapshot ${JSON.stringify(id)} in ${dir}.`,
      hint: 'Run `flowforge recover --list` to see the snapshots and their ids.',
    }),
  },
  FF_SNAPSHOT_BROKEN: {
    exitCode: 1,
    describe: ({ id, problems }: { id: string; problems: readonly string[] }) => ({
      message: `Snapshot ${id} is broken: its files do not match its manifest:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
      hint: 'Nothing was restored. Pick a good snapshot from `flowforge recover --list`, or omit --snapshot to use the newest good one.',
    }),
  },
  FF_RECOVER_CONFLICT: {
    exitCode: 2,
    describe: ({ user, id, files }: { user: string; id: string; files: readonly string[] }) => ({
      message: `${user}'s private data holds records that snapshot ${id} lacks, in: ${files.join(', ')}.`,
      hint: 'Nothing was changed. Pick a newer snapshot (`flowforge recover --list`), or add --yes: the current files are then moved to .quarantine/pre-recover-<stamp>/ first.',
    }),
  },
  FF_ERASE_UNCONFIRMED: {
    exitCode: 2,
    describe: ({ user }: { user: string }) => ({
      message: `Erasing ${user}'s data cannot be undone; nothing was removed.`,
      hint: `Check the list above, then run \`flowforge erase --user ${user} --yes\` (add --include-team for their committed team files).`,
    }),
  },
});
