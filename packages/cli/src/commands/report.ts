import {
  buildReport,
  coarsestGranularity,
  currentMs,
  flowForgeError,
  localDay,
  monthOf,
  parsePeriod,
  printable,
  resolvePeriod,
  readTeamColumns,
  readTeamLayerAt,
  systemTimeZone,
  teamColumnsOf,
  REPORT_KEYS,
  type Report,
  type ReportKey,
  type TeamColumns,
} from '@flowforge/core/lite';
import { checkedConfig } from '../config-check.js';
import { dayOption } from '../inputs.js';
import type { CommandAction } from '../main.js';
import { writeOutFile } from '../out-file.js';
import { printJson, printLine, yellow } from '../output.js';
import { billFormat } from '../report/bill-format.js';
import { type HtmlReportParts, renderHtml, type ReportSource } from '../report/render-html.js';
import { renderCsv, renderMarkdown, renderTable } from '../report/render-text.js';
import { commitOfRef, headCommit, teamLayerChanged } from '../report/report-source.js';
import { timelinePoints, timelineStep } from '../report/timeline.js';

/**
 * `flowforge report`: the bill, from the team layer alone (any clone, no developer machine),
 * of the work tree or of any revision (`--ref`) without checking it out.
 */
const report: CommandAction = async (args, options, session) => {
  if (options.org !== undefined) return (await import('../org/org-report.js')).default(args, options, session);
  for (const flag of ['offline', 'strict'] as const)
    if (options[flag] !== undefined) throw flowForgeError('FF_USAGE', { command: 'report', message: `--${flag} goes with --org (an organisation's repositories); this clone's report reads its own work tree` });
  const { repoRoot } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: session.cwd });
  const { config } = await checkedConfig(session);
  const range = { ...resolveRange(options, config.team.timezone), by: parseBy(options.by) };
  const ref = options.ref === undefined ? undefined : String(options.ref);
  // A branch or tag is resolved once: the report reads that commit, and an HTML report names it.
  const refCommit = ref === undefined ? undefined : commitOfRef(repoRoot, ref);
  const read = refCommit ? readTeamLayerAt(repoRoot, refCommit.hash) : await readTeamColumns(repoRoot);
  const layer = 'columns' in read ? read.columns : teamColumnsOf(read.files);
  const result = buildReport(layer, config, range);
  const notes = read.altered.length > 0 ? [alteredNote(read.altered)] : [];
  for (const note of notes) process.stderr.write(`${yellow(`! ${note}`, process.stderr)}\n  hint: \`flowforge verify\` lists every problem; \`git log -- <file>\` shows who changed it.\n`);
  if (result.totals.billableHours > 0 && everyRateIsZero(config.billing.rates)) {
    const err = process.stderr;
    err.write(`${yellow('! Every hourly rate is 0, so every amount of this bill is 0.', err)}\n  hint: set billing.rates in the config (docs/configuration.md).\n`);
  }
  await writeReport(options, result, {
    notes,
    html: () => ({
      ...htmlCharts(layer, config, range),
      team: config.team.name,
      notes,
      format: billFormat(config.billing.locale, config.billing.currency, config.team.timezone ?? systemTimeZone()),
      generatedAtMs: currentMs(),
      source: ref !== undefined && refCommit ? { kind: 'ref', ref, commit: refCommit } : workTreeSource(repoRoot),
    }),
  });
};

/**
 * The report in the format asked for, to `--out` or the terminal. `html` builds the HTML page's
 * other parts (only for it), `notes` are what the bill must not be sent without (under the table
 * in `md`; `withNotes`, under the terminal's table too), `json` the JSON document when it carries
 * more than the report.
 */
export async function writeReport(
  options: Record<string, unknown>,
  result: Report,
  { html, notes, json = result, withNotes = false }: { html: () => HtmlReportParts; notes: readonly string[]; json?: object; withNotes?: boolean },
): Promise<void> {
  if (options.json && options.format !== undefined && options.format !== 'json')
    throw flowForgeError('FF_USAGE', { command: 'report', message: `--json asks for JSON, --format for ${String(options.format)}: give one` });
  const format = options.json ? 'json' : String(options.format ?? 'table');
  const output =
    format === 'json'
      ? `${JSON.stringify(json, null, 2)}\n`
      : format === 'csv'
        ? renderCsv(result)
        : format === 'md'
          ? renderMarkdown(result, notes)
          : format === 'html'
            ? renderHtml(result, html())
            : renderTable(result, { plain: Boolean(options.out) }) + (withNotes ? notes.map((note) => `\n! ${printable(note)}\n`).join('') : ''); // a file is not a terminal: no colour codes
  if (options.out) {
    await writeOutFile(String(options.out), output);
    printLine(`Wrote the ${format} report for ${result.from} to ${result.to} to ${options.out}`);
  } else if (format === 'json') printJson(json);
  else process.stdout.write(output);
}

/** The HTML report's charts: the same period by user, by issue, and over time by day, week or month. */
function htmlCharts(layer: TeamColumns, config: Parameters<typeof buildReport>[1], range: { from: string; to: string }) {
  const step = timelineStep(range.from, range.to, coarsestGranularity(layer.files));
  return {
    byUser: buildReport(layer, config, { ...range, by: ['user'] }),
    bySecond: { key: 'issue' as const, report: buildReport(layer, config, { ...range, by: ['issue'] }) },
    timeline: { step, points: timelinePoints(buildReport(layer, config, { ...range, by: [step] }), step) },
  };
}

/** The work tree's report says which commit it stands on, and whether its team files differ from it. */
function workTreeSource(repoRoot: string): ReportSource {
  const commit = headCommit(repoRoot);
  return { kind: 'work-tree', commit, uncommittedTeamFiles: commit !== null && teamLayerChanged(repoRoot) };
}

/**
 * Files whose bytes no longer match the hash in their names are billed as they are (they are
 * well-formed; refusing would block every bill of the month), but nobody should send that bill
 * without knowing.
 */
function alteredNote(altered: readonly string[]): string {
  const shown = altered.slice(0, 5).map(printable).join(', ');
  return `${altered.length} team file(s) billed here changed after FlowForge wrote them, so \`flowforge verify\` rejects them: ${shown}${altered.length > 5 ? ', …' : ''}.`;
}

/** The config bills nothing: its default, user and issue rates are all 0 (the `init` template's). */
function everyRateIsZero(rates: { default: number; users: Record<string, number>; issues: Record<string, number> }): boolean {
  return [rates.default, ...Object.values(rates.users), ...Object.values(rates.issues)].every((rate) => rate === 0);
}

/** `--period P` (relative periods such as `last-month` in the team's zone), or `--from D --to D`, or this month in the team's zone. */
export function resolveRange(options: Record<string, unknown>, zone: string | undefined): { from: string; to: string } {
  if (options.period !== undefined && (options.from !== undefined || options.to !== undefined))
    throw flowForgeError('FF_USAGE', { command: 'report', message: 'give --period or --from/--to, not both' });
  // "Today" is asked for only when needed, and with it the time zone (whose first use sets up ICU's locale data).
  const todayInTeamZone = () => localDay(currentMs(), zone ?? systemTimeZone());
  if (options.period !== undefined) {
    const period = resolvePeriod(String(options.period), todayInTeamZone);
    if (!period) throw flowForgeError('FF_BAD_PERIOD', { value: String(options.period) });
    return { from: period.from, to: period.to };
  }
  const from = dayOption('--from', options.from);
  const to = dayOption('--to', options.to);
  if (from && to) return checkedRange(from, to);
  const today = todayInTeamZone();
  const month = parsePeriod(monthOf(today)) as { from: string; to: string };
  return checkedRange(from ?? month.from, to ?? (from !== undefined ? today : month.to));
}

function checkedRange(from: string, to: string): { from: string; to: string } {
  if (to < from) throw flowForgeError('FF_USAGE', { command: 'report', message: `--to ${to} is before --from ${from}` });
  return { from, to };
}

/** `--by`: grouping keys among `known`, comma-separated, each once. */
export function parseBy(value: unknown, known: readonly ReportKey[] = REPORT_KEYS, fallback = 'user,issue'): ReportKey[] {
  const keys = String(value ?? fallback).split(',').map((key) => key.trim());
  for (const key of keys)
    if (!(known as readonly string[]).includes(key))
      throw flowForgeError('FF_USAGE', { command: 'report', message: `--by takes ${known.join(', ')}, not ${JSON.stringify(key)}` });
  if (new Set(keys).size !== keys.length) throw flowForgeError('FF_USAGE', { command: 'report', message: `--by names a key twice: ${keys.join(',')}` });
  return keys as ReportKey[];
}

export default report;
