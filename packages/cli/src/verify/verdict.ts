import type { VerifyReport } from '@flowforge/core/lite';

/** `Verified 12 files: 2 errors, 1 warning.` — one line for the terminal and the step summary. */
export function verdict(report: VerifyReport): string {
  const count = (severity: string) => report.problems.filter((problem) => problem.severity === severity).length;
  const parts = [
    [count('error'), 'error', 'errors'],
    [count('warning'), 'warning', 'warnings'],
    [count('info'), 'note', 'notes'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return `Verified ${report.files} file(s) under .flowforge/: ${parts.length > 0 ? parts.join(', ') : 'no problem'}.`;
}
