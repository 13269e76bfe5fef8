/**
 * The migrating developer's own v1 sessions, added to their private log (`flowforge log` shows
 * them, notes included) through the log's `import` with `publish: false`: aggregation leaves
 * them out, because their time is billed from the v1 team history — never twice.
 *
 * The store files them (cut at UTC midnights, under its lock) and makes the import idempotent: a
 * session already imported into its day's log — even if the developer has since edited or removed
 * that entry — is not added again.
 */
import type { ImportResult, PrivateLog } from '@flowforge/core';
import type { MigratedSession } from './types.js';

/** What `import` is told the entries come from; the log keeps it on each entry. */
export const V1_SOURCE = 'v1';

/** Entries added (or, on a dry run, that would be), and those an earlier import already added. */
export type PrivateImport = Pick<ImportResult, 'added' | 'present'>;

export interface PrivateImportOptions {
  dryRun: boolean;
  /** Called as the days' logs are written, with the entries handled so far and in all. */
  progress?: (done: number, total: number) => void;
}

export async function importOwnSessions(log: PrivateLog, sessions: readonly MigratedSession[], options: PrivateImportOptions): Promise<PrivateImport> {
  const entries = sessions.map((session) => ({ issue: session.issue, start: session.start, end: session.end, ...(session.note ? { note: session.note } : {}) }));
  const { added, present } = await log.import(entries, {
    source: V1_SOURCE,
    publish: false,
    dryRun: options.dryRun,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { added, present };
}
