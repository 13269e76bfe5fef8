/**
 * What the v1 interpreter hands to the `flowforge migrate v2` command. Everything here may reach
 * the team layer except `MigratedSession.note` (private, for the migrating user's own store):
 * instance ids and hostnames are dropped when the file is read and appear nowhere.
 */

/** One v1 session as FlowForge history: a billable stretch with whole-second UTC stamps. */
export interface MigratedSession {
  issue: string;
  /** The v1 `user` string as written; the caller checks it against `USER_ID_PATTERN`. */
  user: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  start: string;
  end: string;
  /** `end - start`, always positive. */
  seconds: number;
  billable: true;
  /** Private: the v1 `notes` and `reason` texts. */
  note?: string;
  /** Where the session was in the v1 file: the top-level key and the index in its `sessions`. */
  source: { key: string; index: number };
}

export type FindingKind =
  /** A top-level key that is not an issue (variant 1). */
  | 'skipped-key'
  /** A bare duration whose unit no evidence decides; the session is not imported. */
  | 'ambiguous-unit'
  /** Stamps that cannot be used and that no evidence repairs; the session is not imported. */
  | 'broken-stamp'
  /** A broken or missing stamp repaired because other evidence agrees; the session is imported. */
  | 'salvaged-stamp'
  /** A v1 timer that was never stopped; not billed until someone confirms it. */
  | 'orphaned-timer'
  /** A stale-timer clean-up; not billed. */
  | 'stale-cleanup'
  /** Two imported sessions of one user at the same time (v1 allowed several terminals). */
  | 'overlap'
  /** A session that lasted no time; not imported. */
  | 'zero-length'
  /** A recorded duration that matches its stamps in neither hours nor seconds; the stamps are used. */
  | 'duration-mismatch'
  /** A session entry that is not an object or names no user; not imported. */
  | 'unreadable-session'
  /** v1's own issue total disagrees with the sessions it lists. */
  | 'total-mismatch';

export interface Finding {
  kind: FindingKind;
  issue?: string;
  user?: string;
  /** The index in the issue's `sessions`. */
  index?: number;
  /** A sentence for the user, with what to do where something must be done. */
  message: string;
  /** The time concerned (not billed, overlapping, running), when there is one. */
  seconds?: number;
}

/** One row of `--verify-integrity`: what v1 recorded for a user × issue against what was imported. */
export interface V1Total {
  user: string;
  issue: string;
  /** Sum of the recorded durations, each in its decided unit (hours where undecidable, v1's documented unit). */
  v1Seconds: number;
  importedSeconds: number;
  /** `importedSeconds - v1Seconds`. */
  differenceSeconds: number;
  /** One line per cause; every non-zero difference has one. Lines of unexplained causes start with "unexplained:". */
  reasons: string[];
  /** False when v1 contradicts itself in a way no known v1 defect accounts for: a person must look. */
  explained: boolean;
}

export interface V1Interpretation {
  /** Sorted by user, issue, start. */
  sessions: MigratedSession[];
  /** Sorted by issue, user, index, kind (skipped keys first). */
  findings: Finding[];
  /** Sorted by user, issue. */
  v1Totals: V1Total[];
}

export interface InterpretOptions {
  /** Epoch milliseconds used as "now" for the age of orphaned timers; without it no age is given. */
  now?: number;
}

/** The user of rows and findings for sessions or timers that name none. */
export const NO_USER = '(no user)';
