/**
 * v1 sessions → team-layer history: `.flowforge/team/<user>/v1/<YYYY-MM>.r<revision>.<hash>.json`.
 *
 * The sessions go through the team's own `aggregate` waterfall (core's daily buckets, then
 * `@flowforge/plugin-granularity`'s period, identity and rounding, then any other policy the team
 * configured), so v1 history is committed with exactly the detail and identity the team allows for
 * tracked time. Local days are the team's (`team.timezone`, else UTC), never the migrating
 * developer's, and nothing else about the machine enters: anyone migrating the same v1 file with
 * the same config writes the same bytes under the same names. A month's revision is the number of
 * sessions behind it, which grows as old scripts add sessions during the parallel run.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Aggregation,
  type FlowForgeConfig,
  type PluginKernel,
  type Logger,
  parseTeamFilePath,
  periodOf,
  renderTeamFile,
  shardOfPeriod,
  type TeamFile,
  teamFilePath,
  teamFileProblems,
  type TeamShard,
  teamShardDir,
  type TimeEntry,
  writeTeamFiles,
} from '@flowforge/core/internal';
import type { MigratedSession } from './types.js';

/** Where v1 history lives: a shard of its own beside each clone's. */
const V1: TeamShard = { source: 'v1' };

/** The zone of v1 history when the team config names none. */
export const FALLBACK_ZONE = 'UTC';

export interface HistoryContext {
  kernel: PluginKernel;
  repoRoot: string;
  config: FlowForgeConfig;
  logger: Logger;
}

/** One FlowForge user's imported history. */
export interface UserHistory {
  id: string;
  /** The name it is committed under: the id, or its pseudonym under the team's policy. */
  identity: string;
  sessions: number;
  seconds: number;
  /** One file per local month with sessions, in month order. */
  files: TeamFile[];
}

/** The team's zone for v1 history (see the module comment). */
export function historyZone(config: FlowForgeConfig): string {
  return config.team.timezone ?? FALLBACK_ZONE;
}

/** Team files for every user's sessions, users in id order; `progress` after each user. */
export async function buildHistory(
  context: HistoryContext,
  byId: ReadonlyMap<string, readonly MigratedSession[]>,
  progress?: (done: number, total: number) => void,
): Promise<UserHistory[]> {
  const histories: UserHistory[] = [];
  for (const [id, sessions] of byId) {
    // Ids only have to be unique within this aggregation: they never leave it.
    const entries: TimeEntry[] = sessions.map((session, index) => ({
      id: `v1${index.toString(36)}`,
      issue: session.issue,
      start: session.start,
      end: session.end,
      billable: true,
    }));
    const aggregation = await aggregateAs(context, id, entries);
    const seconds = sessions.reduce((sum, session) => sum + session.seconds, 0);
    const files = teamFilesOf(aggregation);
    const written = files.reduce((sum, file) => sum + file.buckets.reduce((total, bucket) => total + bucket.seconds, 0), 0);
    if (written !== seconds) throw new Error(`v1 history of ${id} would hold ${written} s, but its sessions hold ${seconds} s`);
    for (const file of files) {
      const problems = teamFileProblems(file);
      if (problems.length > 0) throw new Error(`v1 history ${file.user}/${file.month}: ${problems.join('; ')}`);
    }
    histories.push({ id, identity: aggregation.identity, sessions: sessions.length, seconds, files });
    progress?.(histories.length, byId.size);
  }
  return histories;
}

/** The name `id` is committed under by the team's policy (a pseudonym, or the id itself). */
export async function identityOf(context: HistoryContext, id: string): Promise<string> {
  return (await aggregateAs(context, id, [])).identity;
}

/** Runs the `aggregate` waterfall alone over `entries`, as a manual run of user `id` in the team's zone. */
function aggregateAs(context: HistoryContext, id: string, entries: TimeEntry[]): Promise<Aggregation> {
  const { kernel, repoRoot, config, logger } = context;
  return kernel.aggregateOnly({ trigger: 'manual', repoRoot, user: id, zone: historyZone(config), config, logger, all: true }, entries);
}

/** One file per shard that has pieces; its revision is the number of sessions with time in it. */
function teamFilesOf(aggregation: Aggregation): TeamFile[] {
  // Days and periods repeat across thousands of pieces: each is turned into its shard once.
  const shardOfDay = memo((day: string) => shardOfPeriod(periodOf(day, aggregation.granularity)));
  const shardOf = memo(shardOfPeriod);
  const sessionsOfShard = new Map<string, Set<string>>();
  for (const piece of aggregation.pieces) {
    const shard = shardOfDay(piece.day);
    const ids = sessionsOfShard.get(shard) ?? new Set<string>();
    ids.add(piece.entryId);
    sessionsOfShard.set(shard, ids);
  }
  const bucketsOfShard = new Map<string, TeamFile['buckets']>();
  for (const { issue, period, seconds, billableSeconds, entries } of aggregation.buckets) {
    const shard = shardOf(period);
    const list = bucketsOfShard.get(shard) ?? [];
    list.push({ issue, period, seconds, billableSeconds, entries });
    bucketsOfShard.set(shard, list);
  }
  return [...sessionsOfShard.keys()].sort().map((month) => ({
    schema: 'flowforge.team/1',
    user: aggregation.identity,
    month,
    revision: sessionsOfShard.get(month)?.size ?? 0,
    granularity: aggregation.granularity,
    rounding: aggregation.rounding,
    buckets: bucketsOfShard.get(month) ?? [],
  }));
}

function memo(fn: (key: string) => string): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = fn(key)));
    return value;
  };
}

/** What writing the history would do, worked out before anything is written (the same for a dry run). */
export interface HistoryPlan {
  /** Files to hand to `writeTeamFiles`. */
  write: TeamFile[];
  /** Repo-relative paths of the history as it stands after the write: the files this import is made of. */
  paths: string[];
  /** Paths that do not exist yet. */
  added: string[];
  /**
   * Months whose v1 history already has a higher revision than the v1 file now gives (sessions
   * were removed from it, or an old script recreated it with only new sessions): left as they
   * are, since a lower revision would hide nothing from readers and only lose sessions.
   */
  heldBack: { file: TeamFile; existing: string; existingRevision: number }[];
}

export async function planHistory(repoRoot: string, histories: readonly UserHistory[]): Promise<HistoryPlan> {
  const plan: HistoryPlan = { write: [], paths: [], added: [], heldBack: [] };
  for (const history of histories) {
    const dir = teamShardDir(history.identity, V1);
    const names = await readdir(join(repoRoot, dir)).catch(() => [] as string[]);
    const existing = names.flatMap((name) => {
      const parsed = parseTeamFilePath(`${dir}/${name}`);
      return parsed ? [{ path: `${dir}/${name}`, ...parsed }] : [];
    });
    for (const file of history.files) {
      const newest = existing
        .filter((other) => other.month === file.month)
        .sort((a, b) => b.revision - a.revision || (a.path < b.path ? 1 : -1))[0];
      if (newest && newest.revision > file.revision) {
        plan.heldBack.push({ file, existing: newest.path, existingRevision: newest.revision });
        continue;
      }
      const path = teamFilePath(file, renderTeamFile(file), V1);
      plan.write.push(file);
      plan.paths.push(path);
      if (!existsSync(join(repoRoot, path))) plan.added.push(path);
    }
  }
  return plan;
}

export function writeHistory(repoRoot: string, plan: HistoryPlan): Promise<{ written: string[]; removed: string[] }> {
  return writeTeamFiles(repoRoot, plan.write, V1);
}
