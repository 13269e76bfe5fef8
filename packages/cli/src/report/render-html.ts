import type { Granularity, Report, ReportRow } from '@flowforge/core/lite';
import type { BillFormat } from './bill-format.js';
import { escapeHtml } from './escape-html.js';
import { barTable, timelineChart } from './html-charts.js';
import { HTML_STYLE } from './html-style.js';
import { reportCells } from './render-text.js';
import type { SourceCommit } from './report-source.js';
import type { TimelinePoint } from './timeline.js';

/** Everything the HTML bill shows beside the report itself. */
export interface HtmlReportParts {
  /** The same period grouped by user alone, and by issue (a team's bill) or repository (an organisation's) alone: the bar tables. */
  byUser: Report;
  bySecond: { key: 'issue' | 'repo'; report: Report };
  timeline: { step: Granularity; points: readonly TimelinePoint[] };
  team?: string | undefined;
  /** Warnings about the data billed, shown above everything else. */
  notes: readonly string[];
  format: BillFormat;
  generatedAtMs: number;
  source: ReportSource;
}

/** What the report was read from: a revision (`--ref`), the work tree at `HEAD`, or an org file's repositories. */
export type ReportSource =
  | { kind: 'ref'; ref: string; commit: SourceCommit }
  | { kind: 'work-tree'; commit: SourceCommit | null; uncommittedTeamFiles: boolean }
  | { kind: 'org'; billed: number; listed: number };

/**
 * A self-contained page a manager can forward to a client: totals, hours over the period, amounts
 * per user and per issue (or repository), the table with a subtotal per group, when and from which commit it was
 * made. No script, no external file, no web font; it prints on its own (`@media print`).
 */
export function renderHtml(report: Report, parts: HtmlReportParts): string {
  const { format } = parts;
  const title = `${parts.team ? `${parts.team} — ` : ''}Billing report ${report.from} to ${report.to}`;
  const barRows = (rows: readonly ReportRow[], key: 'user' | 'issue' | 'repo') => rows.map((row) => ({ label: row[key] ?? '', amount: row.amount, hours: row.hours }));
  return `<!doctype html>
<html lang="${escapeHtml(format.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${HTML_STYLE}
</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Generated <time datetime="${new Date(parts.generatedAtMs).toISOString()}">${escapeHtml(format.instant(parts.generatedAtMs))}</time> ${sourceText(parts.source)}.</p>
<p class="meta">Currency ${escapeHtml(report.currency)} · hours are tracked time; billable hours apply the team's rounding and leave out non-billable time.</p>
</header>
${parts.notes.map((note) => `<p class="warning" role="alert"><strong>Warning:</strong> ${escapeHtml(note)}</p>\n`).join('')}<dl class="totals">
<div><dt>Hours</dt><dd>${escapeHtml(format.hours(report.totals.hours))}</dd></div>
<div><dt>Billable hours</dt><dd>${escapeHtml(format.hours(report.totals.billableHours))}</dd></div>
<div><dt>Amount</dt><dd>${escapeHtml(format.money(report.totals.amount))}</dd></div>
</dl>
${timelineChart(parts.timeline.points, parts.timeline.step, format)}
<div class="charts">
${barTable('per-user', 'user', barRows(parts.byUser.rows, 'user'), format)}
${barTable(`per-${parts.bySecond.key}`, parts.bySecond.key, barRows(parts.bySecond.report.rows, parts.bySecond.key), format)}
</div>
${detailTable(report, format)}
</body>
</html>
`;
}

/** "from commit abc1234 (v1.4.0)", with the full hash on hover, or why there is no single commit. */
function sourceText(source: ReportSource): string {
  if (source.kind === 'org') return `from ${source.billed} of the org file's ${source.listed} repositories, at the commits fetched`;
  const commit = (found: SourceCommit) => `<code class="commit" title="${found.hash}">${found.short}</code>`;
  if (source.kind === 'ref') return `from commit ${commit(source.commit)} (<code>${escapeHtml(source.ref)}</code>)`;
  if (!source.commit) return 'from the work tree of a repository with no commit yet';
  if (source.uncommittedTeamFiles) return `from the work tree at commit ${commit(source.commit)}, with team files not committed yet`;
  return `from commit ${commit(source.commit)}`;
}

/**
 * The bill line by line, in the report's grouping, with a subtotal after each group of its first
 * key (each user, in the default `user,issue`) and the total at the foot. Subtotals add the rows
 * as shown, in cents, as the total does.
 */
function detailTable(report: Report, format: BillFormat): string {
  const { header, numeric } = reportCells(report);
  const keys = report.by;
  const headRow = header.map((text, column) => `<th scope="col"${numeric[column] ? ' class="num"' : ''}>${escapeHtml(text)}</th>`).join('');
  const numbers = (hours: number, billableHours: number, rate: string, amount: number) =>
    [format.hours(hours), format.hours(billableHours), rate, format.money(amount)].map((text) => `<td class="num">${escapeHtml(text)}</td>`).join('');
  const line = (row: ReportRow) =>
    `<tr>${keys.map((key) => `<td>${escapeHtml(row[key] ?? '')}</td>`).join('')}${numbers(row.hours, row.billableHours, row.rate === null ? 'mixed' : format.money(row.rate), row.amount)}</tr>`;
  const body: string[] = [];
  for (const group of groupsOf(report)) {
    body.push(...group.rows.map(line));
    if (keys.length > 1) {
      const sum = (pick: (row: ReportRow) => number) => group.rows.reduce((cents, row) => cents + Math.round(pick(row) * 100), 0) / 100;
      body.push(
        `<tr class="subtotal"><td colspan="${keys.length}">Subtotal ${escapeHtml(group.key)}</td>${numbers(sum((row) => row.hours), sum((row) => row.billableHours), '', sum((row) => row.amount))}</tr>`,
      );
    }
  }
  const { totals } = report;
  const footer = `<td>Total</td>${keys.slice(1).map(() => '<td></td>').join('')}${numbers(totals.hours, totals.billableHours, '', totals.amount)}`;
  return `<table class="detail">
<caption>Billed hours and amounts by ${keys.join(' and ')}</caption>
<thead><tr>${headRow}</tr></thead>
<tbody>
${body.length > 0 ? body.join('\n') : `<tr><td colspan="${header.length}">No tracked time in this period.</td></tr>`}
</tbody>
<tfoot><tr>${footer}</tr></tfoot>
</table>`;
}

/** The rows in runs of the same first key (they come sorted by it). */
function groupsOf(report: Report): { key: string; rows: ReportRow[] }[] {
  const first = report.by[0];
  const groups: { key: string; rows: ReportRow[] }[] = [];
  for (const row of report.rows) {
    const key = first === undefined ? '' : (row[first] ?? '');
    const last = groups.at(-1);
    if (last && last.key === key) last.rows.push(row);
    else groups.push({ key, rows: [row] });
  }
  return groups;
}
