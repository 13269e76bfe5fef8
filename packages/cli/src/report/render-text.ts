import { printable, type Report, type ReportKey, type ReportRow } from '@flowforge/core/lite';
import { bold } from '../output.js';

const HEADERS: Record<ReportKey | 'hours' | 'billableHours' | 'rate' | 'amount', string> = {
  user: 'User',
  issue: 'Issue',
  day: 'Day',
  week: 'Week',
  month: 'Month',
  repo: 'Repo',
  group: 'Group',
  hours: 'Hours',
  billableHours: 'Billable h',
  rate: 'Rate',
  amount: 'Amount',
};

/** The report as cells: one header row, the rows, and a totals row. Shared by table, CSV and Markdown. */
export function reportCells(report: Report): { header: string[]; rows: string[][]; totals: string[]; numeric: boolean[] } {
  const keys = report.by;
  const header = [...keys.map((key) => HEADERS[key]), HEADERS.hours, HEADERS.billableHours, HEADERS.rate, `${HEADERS.amount} (${report.currency})`];
  const rows = report.rows.map((row: ReportRow) => [
    ...keys.map((key) => row[key] ?? ''),
    fixed(row.hours),
    fixed(row.billableHours),
    row.rate === null ? 'mixed' : fixed(row.rate),
    fixed(row.amount),
  ]);
  const totals = ['Total', ...keys.slice(1).map(() => ''), fixed(report.totals.hours), fixed(report.totals.billableHours), '', fixed(report.totals.amount)];
  return { header, rows, totals, numeric: [...keys.map(() => false), true, true, true, true] };
}

export const fixed = (value: number): string => value.toFixed(2);

/** The terminal table: numbers right-aligned, a rule above the totals, bold header on a TTY (never with `plain`, for files). */
export function renderTable(report: Report, { plain = false }: { plain?: boolean } = {}): string {
  const strong = (text: string) => (plain ? text : bold(text));
  const { header, rows, totals, numeric } = reportCells(report);
  const all = [header, ...rows, totals];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  const title = `Billing report ${report.from} to ${report.to}`;
  const body = rows.length > 0 ? rows.map(line) : ['(no tracked time in this period)'];
  return [strong(title), '', strong(line(header)), ...body, rule, strong(line(totals)), ''].join('\n');
}

/** RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled. */
export function renderCsv(report: Report): string {
  const { header, rows } = reportCells(report);
  const field = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const csvRows = rows.map((row) => row.map((cell) => (cell === 'mixed' ? '' : cell)));
  return [header, ...csvRows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Markdown that shows each cell as its text: nothing in an issue key or a note can add markup. */
function escape(text: string): string {
  return printable(text).replace(/[\\`*_[\]<>|#]/g, (char) => `\\${char}`);
}

/** The report as a Markdown table, for a pull request or a wiki, with any warnings below it. */
export function renderMarkdown(report: Report, notes: readonly string[] = []): string {
  const { header, rows, totals, numeric } = reportCells(report);
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  return [
    `## Billing report ${report.from} to ${report.to}`,
    '',
    line(header.map(escape)),
    `|${numeric.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((row) => line(row.map(escape))),
    line(totals.map(escape).map((cell, column) => (cell && (column === 0 || numeric[column]) ? `**${cell}**` : cell))),
    '',
    ...notes.flatMap((note) => [`> **Warning:** ${escape(note)}`, '']),
  ].join('\n');
}
