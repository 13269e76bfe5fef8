import type { DoctorCheck, PluginCommand } from '@flowforge/core/internal';
import type { BackupOptions } from './options.js';

/*
 * What the plugin adds besides its snapshot tap. The plugin is applied on every commit, so each
 * loads its code only when it runs.
 */

/**
 * `flowforge recover [--list] [--snapshot ID] [--repo-id ID] [--team] [--yes] [--json]`
 * (`recover-command.ts`).
 */
export const recoverCommand = (backupOptions: BackupOptions): PluginCommand => ({
  name: 'recover',
  summary: 'restore private data or team files from a snapshot',
  options: [
    { flags: '--list', description: 'show the snapshots: id, date, entries, time, good/broken/shrunk' },
    { flags: '--snapshot <id>', description: 'restore this one (id or number) instead of the newest good one' },
    { flags: '-y, --yes', description: 'restore over newer private data (moved to .quarantine/ first)' },
    { flags: '--team', description: 'rebuild your damaged team files from your private data' },
    { flags: '--repo-id <id>', description: 'use the backups of another clone (moved, or on another machine)' },
    { flags: '--json', description: 'machine-readable output' },
  ],
  examples: [
    { command: 'flowforge recover --list', description: 'the snapshots, newest first, and their state' },
    { command: 'flowforge recover', description: 'restore your private data from the newest good snapshot' },
    { command: 'flowforge recover --snapshot 2 --yes', description: 'restore an older one over newer data' },
    { command: 'flowforge recover --team', description: 'rebuild your damaged team files' },
  ],
  run: async (context) => (await import('./recover-command.js')).recover(backupOptions, context),
});

/** `flowforge erase --user ID [--yes] [--include-team]` (`erase-command.ts`). */
export const eraseCommand = (backupOptions: BackupOptions): PluginCommand => ({
  name: 'erase',
  summary: "erase a user's data (GDPR)",
  options: [
    { flags: '--user <id>', description: 'the user id whose data goes (see `flowforge log` or the team folder names)', required: true },
    { flags: '--include-team', description: 'also their committed team files (you commit the removal)' },
    { flags: '-y, --yes', description: 'really erase (without it: list what would go)' },
  ],
  examples: [
    { command: 'flowforge erase --user alice', description: 'list what would go, erase nothing' },
    { command: 'flowforge erase --user alice --include-team --yes', description: 'erase it all, team files included' },
  ],
  run: async (context) => (await import('./erase-command.js')).erase(backupOptions, context),
});

/** The `backups` line of `flowforge doctor` (`doctor-check.ts`). */
export const backupsCheck = (backupOptions: BackupOptions, configDir: string): DoctorCheck => ({
  id: 'backups',
  title: 'backups',
  run: async (context) => (await import('./doctor-check.js')).checkBackups(backupOptions, configDir, context),
});
