/**
 * The `flowforge migrate v2 --verify-integrity` table: v1 total, v2 total and difference per
 * user × issue, with the reasons. Plain aligned text (no colour, no box drawing) so it reads the
 * same on a TTY, in CI logs and in an e-mail.
 */
import { formatSignedDuration } from './recorded-duration.js';
import type { V1Total } from './types.js';
import { formatTotal } from './v1-totals.js';

const HEADER = ['user', 'issue', 'v1 total', 'v2 total', 'difference', 'reason'] as const;
/** Durations read best right-aligned, names left-aligned. */
const RIGHT_ALIGNED = [false, false, true, true, true, false] as const;

/** One line per row, further reasons on continuation lines; ends with a one-line summary. */
export function formatIntegrityTable(v1Totals: readonly V1Total[]): string {
  const lines: string[][] = [[...HEADER]];
  for (const total of v1Totals) {
    const [first = '', ...more] = total.reasons;
    lines.push([
      total.user,
      total.issue,
      formatTotal(total.v1Seconds),
      formatTotal(total.importedSeconds),
      formatSignedDuration(total.differenceSeconds),
      first,
    ]);
    for (const reason of more) lines.push(['', '', '', '', '', reason]);
  }
  const widths = HEADER.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  const body = lines.map((line) =>
    line
      .map((cell, column) => (RIGHT_ALIGNED[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const unexplained = v1Totals.filter((total) => !total.explained).length;
  const summary = `${v1Totals.length} user × issue row${v1Totals.length === 1 ? '' : 's'}, ${unexplained} unexplained`;
  return [...body, '', summary].join('\n') + '\n';
}

/** True when `--verify-integrity` must exit 1: some difference has no known cause. */
export function hasUnexplained(v1Totals: readonly V1Total[]): boolean {
  return v1Totals.some((total) => !total.explained);
}
