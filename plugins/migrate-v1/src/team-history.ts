/**
 * v1 sessions → team-layer history (`.flowforge/team/<user>/v1/`; its files are core's to write).
 *
 * The sessions go through the team's own `aggregate` waterfall (core's daily buckets, then
 * `@flowforge/plugin-granularity`'s period, identity and rounding, then any other policy the team
 * configured), so v1 history is committed with exactly the detail and identity the team allows for
 * tracked time. Local days are the team's (`team.timezone`, else UTC), never the migrating
 * developer's, and nothing else about the machine enters: anyone migrating the same v1 file with
 * the same config writes the same history. A month's revision is the number of sessions behind
 * it, which grows as old scripts add sessions during the parallel run.
 */
import {
  type Aggregation,
  type FlowForgeConfig,
  type HistoryPlan,
  type ImportedHistory,
  importedHistoryOf,
  type PluginKernel,
  type Logger,
  planImportedHistory,
  type TimeEntry,
  writeImportedHistory,
} from '@flowforge/core/internal';
import type { MigratedSession } from './types.js';

export type { HistoryPlan };

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
  /** One file per local month with sessions, in month order (core's, opaque here). */
  history: ImportedHistory;
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
    const history = importedHistoryOf(aggregation);
    const written = history.months.reduce((sum, month) => sum + month.seconds, 0);
    if (written !== seconds) throw new Error(`v1 history of ${id} would hold ${written} s, but its sessions hold ${seconds} s`);
    histories.push({ id, identity: aggregation.identity, sessions: sessions.length, seconds, history });
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

/** What writing the histories would do, worked out before anything is written (the same for a dry run). */
export function planHistory(repoRoot: string, histories: readonly UserHistory[]): Promise<HistoryPlan> {
  return planImportedHistory(repoRoot, histories.map((user) => user.history));
}

export function writeHistory(repoRoot: string, plan: HistoryPlan): Promise<{ written: string[]; removed: string[] }> {
  return writeImportedHistory(repoRoot, plan);
}
