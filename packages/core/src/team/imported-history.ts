/**
 * Imported history: time billed from another system's records, committed in a shard of its own
 * beside each clone's tracked time (`.flowforge/team/<user>/v1/`). Only the v1 importer writes it;
 * its files, names and revisions are the store's, so they live here rather than in the plugin.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { shardOfPeriod } from '../aggregation/shards.js';
import type { Aggregation } from '../hooks.js';
import { periodOf } from '../time/period.js';
import { parseTeamFilePath, renderTeamFile, TEAM_SCHEMA, type TeamFile, teamFilePath, teamFileProblems, type TeamShard, teamShardDir } from './team-file.js';
import { writeTeamFiles } from './write.js';

const V1: TeamShard = { source: 'v1' };

/** One month of a user's imported history, as the files will hold it. */
export interface HistoryMonth {
  /** The published identity it is committed under. */
  user: string;
  /** The local month, `YYYY-MM`. */
  month: string;
  /** The number of imported entries with time in the month: grows as the source adds some. */
  revision: number;
  /** Seconds in the month's buckets. */
  seconds: number;
}

/** A user's imported history, one file per local month with time, in month order. */
export interface ImportedHistory {
  readonly months: readonly HistoryMonth[];
  /** The files behind `months`; opaque to importers. */
  readonly files: readonly TeamFile[];
}

/**
 * The history an aggregation of imported entries makes: one file per month that has pieces, its
 * revision the number of entries with time in it. Throws when a file would break the team
 * layer's rules (the aggregation policies made something no reader accepts).
 */
export function importedHistoryOf(aggregation: Aggregation): ImportedHistory {
  // Days and periods repeat across thousands of pieces: each is turned into its shard once.
  const shardOfDay = memo((day: string) => shardOfPeriod(periodOf(day, aggregation.granularity)));
  const shardOf = memo(shardOfPeriod);
  const entriesOfShard = new Map<string, Set<string>>();
  for (const piece of aggregation.pieces) {
    const shard = shardOfDay(piece.day);
    const ids = entriesOfShard.get(shard) ?? new Set<string>();
    ids.add(piece.entryId);
    entriesOfShard.set(shard, ids);
  }
  const bucketsOfShard = new Map<string, TeamFile['buckets']>();
  for (const { issue, period, seconds, billableSeconds, entries } of aggregation.buckets) {
    const shard = shardOf(period);
    const list = bucketsOfShard.get(shard) ?? [];
    list.push({ issue, period, seconds, billableSeconds, entries });
    bucketsOfShard.set(shard, list);
  }
  const files = [...entriesOfShard.keys()].sort().map(
    (month): TeamFile => ({
      schema: TEAM_SCHEMA,
      user: aggregation.identity,
      month,
      revision: entriesOfShard.get(month)?.size ?? 0,
      granularity: aggregation.granularity,
      rounding: aggregation.rounding,
      buckets: bucketsOfShard.get(month) ?? [],
    }),
  );
  for (const file of files) {
    const problems = teamFileProblems(file);
    if (problems.length > 0) throw new Error(`imported history ${file.user}/${file.month}: ${problems.join('; ')}`);
  }
  const months = files.map((file) => ({
    user: file.user,
    month: file.month,
    revision: file.revision,
    seconds: file.buckets.reduce((sum, bucket) => sum + bucket.seconds, 0),
  }));
  return { months, files };
}

function memo(fn: (key: string) => string): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = fn(key)));
    return value;
  };
}

/** What writing histories would do, worked out before anything is written (the same for a dry run). */
export interface HistoryPlan {
  /** Files to write. */
  readonly write: readonly TeamFile[];
  /** Repo-relative paths of the history as it stands after the write: the files this import is made of. */
  paths: string[];
  /** Paths that do not exist yet. */
  added: string[];
  /**
   * Months whose history already has a higher revision than the import now gives (entries were
   * removed from the source, or it was recreated with only new ones): left as they are, since a
   * lower revision would hide nothing from readers and only lose time.
   */
  heldBack: { month: HistoryMonth; existing: string; existingRevision: number }[];
}

export async function planImportedHistory(repoRoot: string, histories: readonly ImportedHistory[]): Promise<HistoryPlan> {
  const write: TeamFile[] = [];
  const plan: HistoryPlan = { write, paths: [], added: [], heldBack: [] };
  for (const history of histories) {
    const [first] = history.files;
    const existing = first ? await existingIn(repoRoot, teamShardDir(first.user, V1)) : [];
    for (const [index, file] of history.files.entries()) {
      const newest = existing
        .filter((other) => other.month === file.month)
        .sort((a, b) => b.revision - a.revision || (a.path < b.path ? 1 : -1))[0];
      if (newest && newest.revision > file.revision) {
        plan.heldBack.push({ month: history.months[index] as HistoryMonth, existing: newest.path, existingRevision: newest.revision });
        continue;
      }
      const path = teamFilePath(file, renderTeamFile(file), V1);
      write.push(file);
      plan.paths.push(path);
      if (!existsSync(join(repoRoot, path))) plan.added.push(path);
    }
  }
  return plan;
}

/** The history files already in a user's history folder. */
async function existingIn(repoRoot: string, dir: string): Promise<{ path: string; month: string; revision: number }[]> {
  const names = await readdir(join(repoRoot, dir)).catch(() => [] as string[]);
  return names.flatMap((name) => {
    const parsed = parseTeamFilePath(`${dir}/${name}`);
    return parsed ? [{ path: `${dir}/${name}`, month: parsed.month, revision: parsed.revision }] : [];
  });
}

/** Writes the plan's files (see `writeTeamFiles`); repo-relative paths written and removed. */
export function writeImportedHistory(repoRoot: string, plan: HistoryPlan): Promise<{ written: string[]; removed: string[] }> {
  return writeTeamFiles(repoRoot, plan.write, V1);
}
