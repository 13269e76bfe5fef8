
export type DoctorStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** What a check of `flowforge doctor` found and, unless it passed, how to fix it. */
export interface DoctorFinding {
  status: DoctorStatus;
  message: string;
  fix: string | null;
}

/** The clone and user a plugin's doctor check looks at. */
export interface DoctorCheckContext {
  readonly repoRoot: string;
  readonly user: string;
}

/**
 * A line a plugin adds to `flowforge doctor` with `kernel.addDoctorCheck`, after FlowForge's own checks.
 * `run` only reads: doctor changes nothing. A throw is shown as the check failing.
 */
export interface DoctorCheck {
  /** Stable, for `doctor --json`, e.g. `backups`. */
  readonly id: string;
  readonly title: string;
  run(context: DoctorCheckContext): Promise<DoctorFinding> | DoctorFinding;
}
