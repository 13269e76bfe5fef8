import type { Granularity } from '@flowforge/core/lite';
import type { BillFormat } from './bill-format.js';
import { escapeHtml } from './escape-html.js';
import type { TimelinePoint } from './timeline.js';

/**
 * The report's charts, drawn when the report is made, as inline SVG and HTML: they show in any
 * browser and in print with no script, no font and nothing fetched. Bars are SVG shapes, not CSS
 * backgrounds, because a browser prints backgrounds only when asked to.
 */

const WIDTH = 900;
const HEIGHT = 240;
const PLOT = { left: 52, right: 8, top: 12, bottom: 34 };
/** More labels than this under the bars would overlap: every n-th bar is labelled instead. */
const MOST_LABELS = 16;

const STEP_TITLES: Record<Granularity, string> = { day: 'Hours per day', week: 'Hours per week', month: 'Hours per month' };

/** Hours per day, week or month over the period, as vertical bars on an hours axis. */
export function timelineChart(points: readonly TimelinePoint[], step: Granularity, format: BillFormat): string {
  const title = STEP_TITLES[step];
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const { top, ticks } = hourTicks(Math.max(0, ...points.map((point) => point.hours)));
  const y = (hours: number) => PLOT.top + plotHeight - (hours / top) * plotHeight;
  const slot = plotWidth / Math.max(1, points.length);
  const every = Math.ceil(points.length / MOST_LABELS);
  // A week is named by its first day in the range: "Nov 2" reads better than "2026-W45".
  const label = (point: TimelinePoint) => (step === 'month' ? format.month(point.period) : format.day(point.firstDay, 'short'));
  const fullName = (point: TimelinePoint) =>
    step === 'month' ? format.month(point.period) : step === 'week' ? `Week of ${format.day(point.firstDay, 'long')}` : format.day(point.firstDay, 'long');
  const tooltip = (point: TimelinePoint) => `${fullName(point)}: ${format.hours(point.hours)} h`;
  const grid = ticks.map(
    (tick) =>
      `<line class="grid" x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${num(y(tick))}" y2="${num(y(tick))}"/>` +
      `<text class="axis" x="${PLOT.left - 6}" y="${num(y(tick) + 4)}" text-anchor="end">${escapeHtml(format.axisHours(tick))}</text>`,
  );
  const bars = points.flatMap((point, index) => {
    const x = PLOT.left + index * slot;
    const parts: string[] = [];
    if (point.hours > 0) {
      const height = (point.hours / top) * plotHeight;
      parts.push(
        `<rect class="hours-bar" x="${num(x + slot * 0.15)}" y="${num(y(point.hours))}" width="${num(Math.max(1, slot * 0.7))}" height="${num(height)}" data-hours="${point.hours}"><title>${escapeHtml(tooltip(point))}</title></rect>`,
      );
    }
    if (index % every === 0)
      parts.push(`<text class="axis" x="${num(x + slot / 2)}" y="${HEIGHT - PLOT.bottom + 16}" text-anchor="middle">${escapeHtml(label(point))}</text>`);
    return parts;
  });
  const total = points.reduce((sum, point) => sum + point.hours, 0);
  const summary = `${title}: ${points.filter((point) => point.hours > 0).length} of ${points.length} with tracked time, ${format.hours(total)} h in all`;
  return `<figure class="chart">
<figcaption>${title}</figcaption>
<svg id="hours-over-time" role="img" aria-label="${escapeHtml(summary)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="xMinYMin meet">
${[...grid, `<line class="baseline" x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${num(y(0))}" y2="${num(y(0))}"/>`, ...bars].join('\n')}
</svg>
</figure>`;
}

const SUBJECT_HEADER = { user: 'User', issue: 'Issue', repo: 'Repository' } as const;

/** One row of a bar table: what it is (a user, an issue key), its amount and its hours. */
export interface BarRow {
  label: string;
  amount: number;
  hours: number;
}

/**
 * A table with a bar in each row, longest for the largest amount: labels are text in a cell, so a
 * long issue key wraps instead of being cut off. A bill of no money (every rate 0) has its bars by
 * hours instead, so the chart still says something.
 */
export function barTable(id: string, subject: 'user' | 'issue' | 'repo', rows: readonly BarRow[], format: BillFormat): string {
  const byMoney = rows.some((row) => row.amount > 0);
  const measure = (row: BarRow) => (byMoney ? row.amount : row.hours);
  const max = Math.max(0, ...rows.map(measure));
  const title = `${byMoney ? 'Amount' : 'Hours'} per ${subject === 'repo' ? 'repository' : subject}`;
  const body = rows.map((row) => {
    const share = max > 0 ? (measure(row) / max) * 100 : 0;
    const bar = `<svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true"><rect class="amount-bar" width="${num(share)}" height="1"/></svg>`;
    return `<tr><th scope="row">${escapeHtml(row.label)}</th><td class="track">${bar}</td><td class="num">${escapeHtml(format.money(row.amount))}</td><td class="num">${escapeHtml(format.hours(row.hours))} h</td></tr>`;
  });
  return `<table class="bars" id="${id}">
<caption>${title}</caption>
<thead><tr><th scope="col">${SUBJECT_HEADER[subject]}</th><th scope="col"><span class="visually-hidden">${title}</span></th><th scope="col" class="num">Amount</th><th scope="col" class="num">Hours</th></tr></thead>
<tbody>
${body.length > 0 ? body.join('\n') : '<tr><td colspan="4">No tracked time in this period.</td></tr>'}
</tbody>
</table>`;
}

/**
 * The hours axis: its top and gridlines at a round step (1, 2, 2.5 or 5 times a power of ten)
 * that gives about four lines, so the labels read 0, 2, 4, 6, 8 rather than 0, 1.63, 3.25.
 */
export function hourTicks(max: number): { top: number; ticks: number[] } {
  if (max <= 0) return { top: 1, ticks: [0, 1] };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) as number;
  const count = Math.ceil(max / step - 1e-9);
  // Multiples of 0.1 as floats are 0.30000000000000004: 12 significant digits drop the noise.
  const ticks = Array.from({ length: count + 1 }, (_, index) => Number((index * step).toPrecision(12)));
  return { top: ticks.at(-1) as number, ticks };
}

/** A coordinate to the hundredth of a pixel: enough for any screen, and short to read. */
const num = (value: number): string => String(Math.round(value * 100) / 100);
