import type { Report } from '@flowforge/core/internal';
import { fixed, reportCells } from './render-text.js';

const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Horizontal bars, one per label, as inline SVG: readable in any browser and any mail client that shows HTML. */
function barChart(title: string, bars: { label: string; hours: number }[], id: string): string {
  const rowHeight = 28;
  const labelWidth = 140;
  const barWidth = 420;
  const max = Math.max(...bars.map((bar) => bar.hours), 0.01);
  const height = bars.length * rowHeight + 36;
  const rows = bars
    .map((bar, index) => {
      const y = 30 + index * rowHeight;
      const width = Math.max(1, Math.round((bar.hours / max) * barWidth));
      return [
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label)}</text>`,
        `<rect class="bar" x="${labelWidth}" y="${y}" width="${width}" height="${rowHeight - 8}" rx="3"><title>${escapeHtml(bar.label)}: ${fixed(bar.hours)} h</title></rect>`,
        `<text x="${labelWidth + width + 6}" y="${y + 15}">${fixed(bar.hours)} h</text>`,
      ].join('');
    })
    .join('\n    ');
  return `<figure>
  <svg id="${id}" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${labelWidth + barWidth + 80} ${height}" width="${labelWidth + barWidth + 80}" height="${height}">
    <text x="0" y="16" class="chart-title">${escapeHtml(title)}</text>
    ${rows}
  </svg>
</figure>`;
}

/** The page's charts: hours per user, and per issue (a team's bill) or per repository (an organisation's). */
export type HtmlCharts = { byUser: Report } & ({ byIssue: Report } | { byRepo: Report });

/**
 * A self-contained page a manager can send to a client: the table, totals, and two charts of
 * hours (per user, per issue or repository). No scripts, no external files.
 */
export function renderHtml(report: Report, charts: HtmlCharts, team?: string, notes: readonly string[] = []): string {
  const { header, rows, totals, numeric } = reportCells(report);
  const cell = (tag: 'td' | 'th', text: string, column: number) => `<${tag}${numeric[column] ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const title = `${team ? `${team} — ` : ''}Billing report ${report.from} to ${report.to}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #1f2328; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
  th, td { padding: .35rem .6rem; border-bottom: 1px solid #d0d7de; text-align: left; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  tfoot td { font-weight: 600; border-top: 2px solid #1f2328; }
  svg { font: 13px system-ui, sans-serif; }
  .bar { fill: #2f81f7; }
  .chart-title { font-weight: 600; }
  figure { margin: 0 0 1.5rem; }
  .warning { border-left: 4px solid #bf8700; background: #fff8c5; padding: .5rem .8rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Currency ${escapeHtml(report.currency)} · hours are tracked time; billable hours apply the team's rounding and leave out non-billable time.</p>
${notes.map((note) => `<p class="warning" role="alert"><strong>Warning:</strong> ${escapeHtml(note)}</p>\n`).join('')}<table>
<thead><tr>${header.map((text, column) => cell('th', text, column)).join('')}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${row.map((text, column) => cell('td', text, column)).join('')}</tr>`).join('\n')}
</tbody>
<tfoot><tr>${totals.map((text, column) => cell('td', text, column)).join('')}</tr></tfoot>
</table>
${barChart('Hours per user', charts.byUser.rows.map((row) => ({ label: row.user ?? '', hours: row.hours })), 'hours-per-user')}
${
  'byRepo' in charts
    ? barChart('Hours per repository', charts.byRepo.rows.map((row) => ({ label: row.repo ?? '', hours: row.hours })), 'hours-per-repo')
    : barChart('Hours per issue', charts.byIssue.rows.map((row) => ({ label: `#${row.issue ?? ''}`, hours: row.hours })), 'hours-per-issue')
}
</body>
</html>
`;
}
