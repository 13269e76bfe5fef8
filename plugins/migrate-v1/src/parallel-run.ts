/**
 * The parallel run (ADR-0002: run both systems side by side): while this plugin is in the config
 * and the v1 file is still in place, old scripts may go on adding sessions to it. On each
 * aggregation (`pre-commit`, `daemon`, `manual` triggers) a changed v1 file is imported again:
 *
 * - `collect`: the v1 team history is recomputed from the whole file — a pure function of it, so
 *   a session is counted once however often this runs — and the files that changed are handed to
 *   the run's results, which the pre-commit hook stages.
 * - `publish` (after the team layer is written, so never while core's `collect` reads the logs):
 *   the developer's own new sessions go to their private log (content-keyed, so once), and the
 *   file's size and modification time are remembered, so that an unchanged file costs one `stat`.
 *
 * A v1 file renamed to `<file>.migrated` ends the parallel run, even if an old script writes a new
 * one. A v1 file that cannot be read (merge conflict markers) is reported and skipped: it must
 * never stop the aggregation of tracked time. Both taps run inside a lifecycle run, which holds
 * the user's store lock (`aggregateUser`), so they take no lock of their own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { currentMsOrClock, isFlowForgeError, type Kernel, type PluginContext, type RunContext, TEAM_DIR, type Trigger, UserStore } from '@flowforge/core';
import { interpretV1 } from './interpret.js';
import { locateV1File, MIGRATED_SUFFIX, type V1Location } from './locate.js';
import type { MigrateV1Options } from './options.js';
import { importedAlready, rememberImport } from './parallel-state.js';
import { importOwnSessions } from './private-log.js';
import { loadV1File, type V1Fingerprint, fingerprintOf, V1FileError } from './read-file.js';
import { buildHistory, planHistory, writeHistory } from './team-history.js';
import type { MigratedSession } from './types.js';
import { groupByUser } from './users.js';

const PARALLEL_TRIGGERS: ReadonlySet<Trigger> = new Set(['pre-commit', 'daemon', 'manual']);
const TAP = 'v1-parallel-run';

interface Pending {
  user: string;
  file: string;
  fingerprint: V1Fingerprint;
  own: MigratedSession[];
  teamFiles: number;
}

export function tapParallelRun(kernel: Kernel, options: MigrateV1Options, plugin: PluginContext): void {
  if (!options.parallelRun) return;
  const pending = new WeakMap<RunContext, Pending>();

  kernel.hooks.collect.tapPromise(TAP, async (_collection, context) => {
    if (!PARALLEL_TRIGGERS.has(context.trigger) || context.user === null) return;
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
    const interpretation = interpretV1(loaded.json, { now: currentMsOrClock() });
    const users = groupByUser(interpretation.sessions);
    const histories = await buildHistory({ kernel, repoRoot: context.repoRoot, config: context.config, logger: plugin.logger }, users.byId);
    const plan = await planHistory(context.repoRoot, histories);
    let teamFiles = 0;
    if (!context.dryRun) {
      const { written, removed } = await writeHistory(context.repoRoot, plan);
      // Also files an earlier, failed run wrote but never staged: the hook stages what is listed here.
      const toStage = new Set([...written, ...untracked(context.repoRoot, plan.paths)]);
      context.results.teamFiles.written.push(...toStage);
      context.results.teamFiles.removed.push(...removed);
      teamFiles = toStage.size + removed.length;
      for (const held of plan.heldBack)
        plugin.logger.warn(`parallel run kept ${held.existing}: the v1 file now gives fewer sessions for ${held.file.month} (${held.file.revision}) than it holds (${held.existingRevision})`);
    }
    pending.set(context, { user: context.user, file: found.display, fingerprint: loaded.fingerprint, own: users.byId.get(context.user) ?? [], teamFiles });
  });

  kernel.hooks.publish.tapPromise({ name: TAP, stage: 100 }, async (_aggregation, context) => {
    const work = pending.get(context);
    pending.delete(context);
    if (!work || context.dryRun) return;
    const store = UserStore.forRepo(context.repoRoot, work.user);
    const own = await importOwnSessions(store, work.own, { atMs: currentMsOrClock(), dryRun: false });
    await rememberImport(context.repoRoot, work.user, work.file, work.fingerprint);
    if (work.teamFiles > 0 || own.added > 0)
      plugin.logger.info(
        `parallel run: ${work.file} changed; v1 team history updated (${work.teamFiles} file change${work.teamFiles === 1 ? '' : 's'}), ${own.added} new session${own.added === 1 ? '' : 's'} of yours added to your log`,
      );
  });
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
