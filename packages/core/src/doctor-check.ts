import type { Kernel } from './kernel.js';

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
 * A line a plugin adds to `flowforge doctor` with `addDoctorCheck`, after FlowForge's own checks.
 * `run` only reads: doctor changes nothing. A throw is shown as the check failing.
 */
export interface DoctorCheck {
  /** Stable, for `doctor --json`, e.g. `backups`. */
  readonly id: string;
  readonly title: string;
  run(context: DoctorCheckContext): Promise<DoctorFinding> | DoctorFinding;
}

/*
 * Kept on the kernel under a registered symbol, not in this module, so that a plugin that brings
 * its own copy of @flowforge/core adds its checks to the kernel the CLI's doctor reads.
 */
const CHECKS = Symbol.for('flowforge.doctor-checks');
type WithChecks = { [CHECKS]?: DoctorCheck[] };

/** Adds a check to `flowforge doctor`; call it from a plugin's `apply`. */
export function addDoctorCheck(kernel: Kernel, check: DoctorCheck): void {
  ((kernel as WithChecks)[CHECKS] ??= []).push(check);
}

/** The checks plugins added, in the order they were added. */
export function doctorChecksOf(kernel: Kernel): readonly DoctorCheck[] {
  return (kernel as WithChecks)[CHECKS] ?? [];
}
