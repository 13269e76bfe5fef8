/**
 * The parallel run (both systems side by side, docs/migration.md): while this plugin is in the config
 * and the v1 file is still in place, old scripts may go on adding sessions to it. Each run of the
 * tracking pipeline imports a changed v1 file again, on the `snapshot` stage — after the kernel
 * has written the user's own team files, inside the run's store lock:
 *
 * - the v1 team history is recomputed from the whole file — a pure function of it, so a session
 *   is counted once however often this runs — and the files that changed are added to the run's
 *   team-file changes, which the pre-commit hook stages;
 * - the developer's own new sessions go to their private log (content-keyed, so once), and the
 *   file's size and modification time are remembered, so that an unchanged file costs one `stat`.
 *
 * A v1 file renamed to `<file>.migrated` ends the parallel run, even if an old script writes a new
 * one. A v1 file that cannot be read (merge conflict markers) is reported and skipped: it must
 * never stop the aggregation of tracked time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isFlowForgeError, type PluginKernel, currentMsOrClock, type PluginContext, type RunContext, TEAM_DIR, type TeamFileChanges } from '@flowforge/core/internal';
import { interpretV1 } from './interpret.js';
import { locateV1File, MIGRATED_SUFFIX, type V1Location } from './locate.js';
import type { MigrateV1Options } from './options.js';
import { importedAlready, rememberImport } from './parallel-state.js';
import { importOwnSessions } from './private-log.js';
import { loadV1File, fingerprintOf, V1FileError } from './read-file.js';
import { buildHistory, planHistory, writeHistory } from './team-history.js';
import { groupByUser } from './users.js';

export function tapParallelRun(kernel: PluginKernel, options: MigrateV1Options, plugin: PluginContext): void {
  if (!options.parallelRun) return;
  kernel.hooks.snapshot.tapPromise('v1-parallel-run', (_aggregation, changes, context) => importChangedV1File(kernel, options, plugin, changes, context));
}

async function importChangedV1File(kernel: PluginKernel, options: MigrateV1Options, plugin: PluginContext, changes: TeamFileChanges, context: RunContext): Promise<void> {
  const found = v1FileInUse(context.repoRoot, options.file);
  if (!found) return;
  const fingerprint = await fingerprintOf(found.path);
  if (!fingerprint || (await importedAlready(context.repoRoot, context.user, found.display, fingerprint))) return;
  let loaded;
  try {
    loaded = await loadV1File(found.path);
  } catch (error) {
    if (!(error instanceof V1FileError)) throw error;
    plugin.logger.warn(`parallel run skipped: ${found.display} is not readable as v1 data (${error.reason}); fix it and the next aggregation imports it`);
    return;
  }
  if (!loaded) return;
  const nowMs = currentMsOrClock();
  const users = groupByUser(interpretV1(loaded.json, { now: nowMs }).sessions);
  const histories = await buildHistory({ kernel, repoRoot: context.repoRoot, config: context.config, logger: plugin.logger }, users.byId);
  const plan = await planHistory(context.repoRoot, histories);
  const { written, removed } = await writeHistory(context.repoRoot, plan);
  // Also files an earlier, failed run wrote but never staged: the hook stages what is listed here.
  const toStage = new Set([...written, ...untracked(context.repoRoot, plan.paths)]);
  changes.written.push(...toStage);
  changes.removed.push(...removed);
  for (const held of plan.heldBack)
    plugin.logger.warn(`parallel run kept ${held.existing}: the v1 file now gives fewer sessions for ${held.month.month} (${held.month.revision}) than it holds (${held.existingRevision})`);

  const own = await importOwnSessions(context.privateLog, users.byId.get(context.user) ?? [], { dryRun: false });
  await rememberImport(context.repoRoot, context.user, found.display, loaded.fingerprint);
  const teamFiles = toStage.size + removed.length;
  if (teamFiles > 0 || own.added > 0)
    plugin.logger.info(
      `parallel run: ${found.display} changed; v1 team history updated (${teamFiles} file change${teamFiles === 1 ? '' : 's'}), ${own.added} new session${own.added === 1 ? '' : 's'} of yours added to your log`,
    );
}

/** The v1 file the parallel run follows, or `null` when there is none or it was retired. */
function v1FileInUse(repoRoot: string, file: string | undefined): V1Location | null {
  let located;
  try {
    located = locateV1File(repoRoot, file);
  } catch (error) {
    if (isFlowForgeError(error)) return null; // a named file that is gone: migrated and renamed
    throw error;
  }
  const found = located.found;
  if (!found || found.display.endsWith(MIGRATED_SUFFIX) || existsSync(`${found.path}${MIGRATED_SUFFIX}`)) return null;
  return found;
}

/** Which of `paths` git does not track yet. */
function untracked(repoRoot: string, paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const result = spawnSync('git', ['ls-files', '-z', '--', TEAM_DIR], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) return [];
  const tracked = new Set(result.stdout.split('\0'));
  return paths.filter((path) => !tracked.has(path));
}
