/**
 * The `migrate` tap: `flowforge migrate v2` for v1 files.
 *
 * 1. Find the v1 file (`--file`, the `file` option, the default places) and read it.
 * 2. Interpret it (`interpretV1`: pure, deterministic).
 * 3. Unless `--dry-run`: write every user's sessions as v1 team history (`team-history.ts`); add
 *    the migrating developer's own sessions to their private log (`private-log.ts`); rename the
 *    v1 file to `<file>.migrated`, or with `--preserve-history` leave it untouched; record the
 *    resulting team files in the audit trail of every user it wrote history for (core's
 *    `recordAudit`, trigger `migrate`); and, when the file stays, remember what was imported so the parallel run does
 *    not import it again.
 * 4. Fill the report: the summary and findings, and with `--verify-integrity` the table.
 *
 * Every step is idempotent, and the v1 file is renamed last: a migration interrupted anywhere is
 * completed by running it again.
 */
import { migrateErrors } from './errors.js';
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { type PluginKernel, type MigrationRequest, parseAuditRecordPath, type PluginContext, recordAudit } from '@flowforge/core/internal';
import { interpretV1 } from './interpret.js';
import { locateV1File, MIGRATED_SUFFIX } from './locate.js';
import type { MigrateV1Options } from './options.js';
import { rememberImport } from './parallel-state.js';
import { importOwnSessions, type PrivateImport } from './private-log.js';
import { loadV1File, type LoadedV1File, V1FileError } from './read-file.js';
import { summaryLines } from './summary.js';
import { buildHistory, historyZone, identityOf, planHistory, writeHistory } from './team-history.js';
import { groupByUser } from './users.js';
import { formatIntegrityTable, hasUnexplained } from './verify-table.js';

export const PLUGIN_NAME = '@flowforge/plugin-migrate-v1';

export async function migrateV1(kernel: PluginKernel, options: MigrateV1Options, plugin: PluginContext, request: MigrationRequest): Promise<void> {
  const { repoRoot, report } = request;
  const located = locateV1File(repoRoot, request.file ?? options.file);
  if (!located.found) {
    // Not handled: the command says where this importer looked if no other one handles it.
    report.lines.push(...located.looked);
    return;
  }
  const { path, display } = located.found;
  request.progress?.('reading', 0, 1);
  const loaded = await readOrExplain(path, display);
  report.handledBy.push(PLUGIN_NAME);

  request.progress?.('interpreting', 0, 1);
  const interpretation = interpretV1(loaded.json, { now: request.nowMs });
  const users = groupByUser(interpretation.sessions);
  const context = { kernel, repoRoot, config: plugin.config, logger: request.logger };
  request.progress?.('team history', 0, users.byId.size);
  const histories = await buildHistory(context, users.byId, (done, total) => request.progress?.('team history', done, total));
  const plan = await planHistory(repoRoot, histories);
  const ownSessions = users.byId.get(request.user) ?? [];
  const privateOptions = {
    dryRun: request.dryRun,
    progress: (done: number, total: number) => request.progress?.('private log', done, total),
  };

  let written: { written: string[]; removed: string[] } | null = null;
  let own: PrivateImport | null = null;
  let v1File: string;
  let audit: string | null = null;
  if (request.dryRun) {
    if (ownSessions.length > 0) own = await importOwnSessions(request.privateLog, ownSessions, privateOptions);
    v1File = fateOf(path, display, request.preserveHistory, options).planned;
  } else {
    written = await writeHistory(repoRoot, plan);
    report.teamFiles.written.push(...written.written);
    report.teamFiles.removed.push(...written.removed);
    if (ownSessions.length > 0) own = await importOwnSessions(request.privateLog, ownSessions, privateOptions);
    // Every user whose history this wrote gets it in their audit trail, so `verify` covers it at
    // once. Records hold no time, so two people migrating the same file write identical records.
    const identity = histories.find((history) => history.id === request.user)?.identity ?? (await identityOf(context, request.user));
    const before = new Set(report.teamFiles.written);
    for (const owner of new Set([identity, ...histories.map((history) => history.identity)]))
      await recordAudit(repoRoot, owner, 'migrate', report.teamFiles, request.logger);
    audit = report.teamFiles.written.find((path) => !before.has(path) && parseAuditRecordPath(path)?.user === identity) ?? null;
    const fate = fateOf(path, display, request.preserveHistory, options);
    v1File = fate.done;
    // The parallel run starts from here rather than importing the same file again.
    if (!fate.renameTo) await rememberImport(repoRoot, request.user, display, loaded.fingerprint);
    // Last, so that a migration interrupted before it finds the file in place when run again.
    else await rename(path, fate.renameTo);
  }

  report.lines.push(
    ...summaryLines({
      file: display,
      sha256: loaded.sha256,
      dryRun: request.dryRun,
      zone: historyZone(plugin.config),
      interpretation,
      users,
      histories,
      plan,
      written,
      user: request.user,
      own,
      v1File,
      audit,
    }),
  );
  if (request.verifyIntegrity) {
    report.lines.push('', 'Integrity (v1 recorded total against imported total, per user × issue):', ...formatIntegrityTable(interpretation.v1Totals).trimEnd().split('\n'));
    if (users.refused.length > 0) report.lines.push(`unexplained: sessions of ${users.refused.map((user) => JSON.stringify(user.name)).join(', ')} were not imported (no usable user id)`);
    if (hasUnexplained(interpretation.v1Totals) || users.refused.length > 0) report.unexplained = true;
  }
}

async function readOrExplain(path: string, display: string): Promise<LoadedV1File> {
  try {
    const loaded = await loadV1File(path);
    if (!loaded) throw migrateErrors.create('FF_V1_FILE_NOT_FOUND', { file: display, migrated: existsSync(`${path}${MIGRATED_SUFFIX}`) });
    return loaded;
  } catch (error) {
    if (error instanceof V1FileError) throw migrateErrors.create('FF_V1_FILE_INVALID', { file: display, reason: error.reason }, error);
    throw error;
  }
}

/**
 * What happens to the v1 file: renamed to `<file>.migrated` so v1 scripts stop adding to it and
 * the parallel run ends, or kept in place with `--preserve-history`. Never deleted, never
 * renamed over an earlier `.migrated` file.
 */
function fateOf(path: string, display: string, preserve: boolean, options: MigrateV1Options): { renameTo: string | null; planned: string; done: string } {
  if (preserve) {
    const parallel = options.parallelRun
      ? 'sessions that v1 scripts still add to it are imported on each aggregation (parallel run)'
      : 'list @flowforge/plugin-migrate-v1 in the config\'s plugins to import what v1 scripts still add to it (parallel run)';
    return { renameTo: null, planned: `${display} would stay where it is (--preserve-history).`, done: `${display} left where it is (--preserve-history): ${parallel}.` };
  }
  if (display.endsWith(MIGRATED_SUFFIX)) {
    const text = `${display} is a migrated file already: left as it is.`;
    return { renameTo: null, planned: text, done: text };
  }
  const target = `${path}${MIGRATED_SUFFIX}`;
  if (existsSync(target)) {
    const text = `${display} left where it is: ${display}${MIGRATED_SUFFIX} exists from an earlier migration and is never overwritten; rename one of them by hand.`;
    return { renameTo: null, planned: text, done: text };
  }
  return {
    renameTo: target,
    planned: `${display} would be renamed to ${display}${MIGRATED_SUFFIX} (--preserve-history keeps it in place).`,
    done: `${display} renamed to ${display}${MIGRATED_SUFFIX}: v1 is retired here and the parallel run ends (--preserve-history keeps the file in place).`,
  };
}
