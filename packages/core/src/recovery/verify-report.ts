export const VERIFY_SCHEMA = 'flowforge.verify/1';

export type VerifySeverity = 'error' | 'warning' | 'info';

/** One finding about one committed file; `error`s make `flowforge verify` exit 1. */
export interface VerifyProblem {
  file: string;
  severity: VerifySeverity;
  message: string;
}

/** `flowforge verify --json` (schema `flowforge.verify/1`). */
export interface VerifyReport {
  schema: typeof VERIFY_SCHEMA;
  /** No error (warnings and info allowed). */
  ok: boolean;
  /** How many files under `.flowforge/team/` and `.flowforge/recovery/` were checked. */
  files: number;
  problems: VerifyProblem[];
}
