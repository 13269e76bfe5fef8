import { resolve } from 'node:path';
import {
  currentMs,
  findRepoRoot,
  flowForgeError,
  type MigrationProgress,
  type MigrationReport,
  type MigrationRequest,
  resolveUserId,
  resolveUserZone,
  usePlugin,
  UserStore,
} from '@flowforge/core';
import { bootForCommand } from '../boot.js';
import { FIRST_PARTY_PLUGINS } from '../first-party-plugins.js';
import type { CommandAction } from '../main.js';
import { printLine } from '../output.js';

/**
 * `flowforge migrate v2 [--file F] [--dry-run] [--preserve-history] [--verify-integrity]`: runs
 * the `migrate` hook, where importers tap. `@flowforge/plugin-migrate-v1` is loaded for this
 * command even when the config does not list it (with `parallelRun: false`: a one-off import
 * must not start a parallel run nobody configured), so a team can dry-run and verify its v1 data
 * before changing any config. Exit 0, or 1 when `--verify-integrity` finds an unexplained
 * difference; 2 when there is nothing to import.
 */
/** The first-party importer, loaded for this command when the config does not list it. */
const V1_IMPORTER = '@flowforge/plugin-migrate-v1';

const migrate: CommandAction = async (args, options, globals) => {
  const [target] = args;
  if (target !== 'v2') {
    throw flowForgeError('FF_USAGE', { command: 'migrate', message: `unknown migration target ${JSON.stringify(target)}: the only one is v2 (\`flowforge migrate v2\`)` });
  }
  const repoRoot = findRepoRoot(process.cwd());
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: process.cwd() });
  const user = resolveUserId(repoRoot);
  const nowMs = currentMs();
  const { kernel, loaded } = await bootForCommand(globals, { readOnly: Boolean(options.dryRun) });
  const zone = await resolveUserZone(UserStore.forRepo(repoRoot, user), loaded.config.team.timezone);

  const autoLoaded = !kernel.plugins.some((plugin) => plugin.name === V1_IMPORTER);
  if (autoLoaded) {
    // Resolved like a config entry (the CLI ships it), never imported by the CLI itself.
    await usePlugin(kernel, V1_IMPORTER, { parallelRun: false }, loaded, { cwd: process.cwd(), bundledFrom: import.meta.url, preloaded: FIRST_PARTY_PLUGINS, entry: 'flowforge migrate' });
  }

  const report: MigrationReport = { handledBy: [], lines: [], unexplained: false, teamFiles: { written: [], removed: [] } };
  const progress = progressLine();
  const request: MigrationRequest = {
    repoRoot,
    user,
    zone,
    nowMs,
    // Relative to where the user typed it, as any command-line path.
    file: typeof options.file === 'string' ? resolve(process.cwd(), options.file) : null,
    dryRun: Boolean(options.dryRun),
    preserveHistory: Boolean(options.preserveHistory),
    verifyIntegrity: Boolean(options.verifyIntegrity),
    logger: kernel.loggerFor('migrate'),
    report,
    progress: progress.update,
  };
  try {
    await kernel.hooks.migrate.promise(request);
  } finally {
    progress.end();
  }
  if (report.handledBy.length === 0) throw flowForgeError('FF_MIGRATE_NOTHING_TO_IMPORT', { looked: report.lines, autoLoaded });
  for (const line of report.lines) printLine(line);
  return request.verifyIntegrity && report.unexplained ? 1 : 0;
};

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

export default migrate;
