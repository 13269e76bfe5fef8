import { migrateErrors } from './errors.js';
import { resolve } from 'node:path';
import {
  currentMs,
  flowForgeError,
  type MigrationProgress,
  type MigrationReport,
  type MigrationRequest,
  type PluginCommand,
  resolveUserId,
  resolveUserZone,
  UserStore,
} from '@flowforge/core/internal';

/**
 * `flowforge migrate v2 [--file F] [--dry-run] [--preserve-history] [--verify-integrity]`: runs
 * the `migrate` hook, where importers tap (this plugin's among them). Exit 0, or 1 when
 * `--verify-integrity` finds an unexplained difference; 2 when there is nothing to import.
 */
export const migrateCommand = (loadedFor: string | null): PluginCommand => ({
  name: 'migrate',
  summary: 'import v1 time data',
  arguments: [{ name: 'target', description: 'what to migrate to: v2' }],
  options: [
    { flags: '--file <path>', description: 'the v1 file (default: .task-times.json and the other names v1 used)' },
    { flags: '--dry-run', description: 'show what would be imported, write nothing' },
    { flags: '--preserve-history', description: 'also write the team history of every v1 user' },
    { flags: '--verify-integrity', description: 'compare v1 totals with what was imported; exit 1 on an unexplained difference' },
  ],
  examples: [
    { command: 'flowforge migrate v2 --dry-run', description: 'what would be imported, nothing written' },
    { command: 'flowforge migrate v2 --preserve-history --verify-integrity', description: 'import with history, then check the totals' },
    { command: 'flowforge migrate v2 --file old/.task-times.json', description: 'a v1 file elsewhere' },
  ],
  async run({ args, options, cwd, repoRoot, config, kernel, logger, print, privateLog, teamLayer }) {
    const [target] = args;
    if (target !== 'v2') {
      throw flowForgeError('FF_USAGE', { command: 'migrate', message: `unknown migration target ${JSON.stringify(target)}: the only one is v2 (\`flowforge migrate v2\`)` });
    }
    if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd });
    const user = resolveUserId(repoRoot);
    const nowMs = currentMs();
    const zone = await resolveUserZone(UserStore.forRepo(repoRoot, user), config.team.timezone);

    const report: MigrationReport = { handledBy: [], lines: [], unexplained: false, teamFiles: { written: [], removed: [] } };
    const progress = progressLine();
    const request: MigrationRequest = {
      repoRoot,
      user,
      zone,
      nowMs,
      // Relative to where the user typed it, as any command-line path.
      file: typeof options.file === 'string' ? resolve(cwd, options.file) : null,
      dryRun: Boolean(options.dryRun),
      preserveHistory: Boolean(options.preserveHistory),
      verifyIntegrity: Boolean(options.verifyIntegrity),
      logger,
      report,
      progress: progress.update,
      privateLog,
      teamLayer,
    };
    try {
      await kernel.hooks.migrate.promise(request);
    } finally {
      progress.end();
    }
    if (report.handledBy.length === 0) {
      throw migrateErrors.create('FF_MIGRATE_NOTHING_TO_IMPORT', { looked: report.lines, autoLoaded: loadedFor !== null });
    }
    for (const line of report.lines) print(line);
    return request.verifyIntegrity && report.unexplained ? 1 : 0;
  },
});

/** A `\r` status line on stderr while a large file migrates, on a TTY only; quiet otherwise. */
function progressLine(): { update: MigrationProgress; end(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  let width = 0;
  let lastMs = 0;
  const write = (text: string) => {
    stream.write(`\r${text.padEnd(width)}`);
    width = text.length;
  };
  return {
    update(phase, done, total) {
      const now = Date.now();
      if (now - lastMs < 100 && done !== total) return;
      lastMs = now;
      write(`migrating v1 data: ${phase} ${done}/${total}`);
    },
    end() {
      if (width > 0) stream.write(`\r${''.padEnd(width)}\r`);
    },
  };
}
