import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report as CoreReport } from '@flowforge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCsv } from '../packages/cli/src/report/render-text.js';
import { type CliResult, runCli } from './helpers/cli.js';
import { git, linkInstall, writeFiles } from './helpers/repo.js';
import { entry, envOf, gitAs, makeSharedTeamRepo, makeTeamRepo, report, reportJson, runCliOnTty, track } from './helpers/report-team.js';

const NOVEMBER = ['--period', '2026-11'];
const ESC = '\u001b';

/** A user mistake: exit 2, the code first, a hint, and no stack trace. */
function expectUserError(result: CliResult, code: string) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(new RegExp(`^${code} `));
  expect(result.stderr).toContain('\nhint: ');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/**
 * The bill the format tests share. Rates: issue 42 → 150, alice → 120, else 100.
 *   alice #42 2h, alice #7 1h30m, bob #7 45m, bob #42 30m non-billable.
 */
const RATES = { default: 100, users: { alice: 120 }, issues: { '42': 150 } };
let formats: { repo: string; remove: () => void };
beforeAll(() => {
  formats = makeSharedTeamRepo({ rates: RATES });
  track(formats.repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T11:00'), entry('7', '2026-11-03T13:00', '2026-11-03T14:30')]);
  track(formats.repo, 'bob', [entry('7', '2026-11-02T09:00', '2026-11-02T09:45'), entry('42', '2026-11-02T10:00', '2026-11-02T10:30', '--non-billable')]);
});
afterAll(() => formats.remove());
/** The shared repo: tests only read it (reports, or `--out` files they write under it). */
const formatsRepo = (): string => formats.repo;
const FORMATS_ROWS = [
  { user: 'alice', issue: '7', hours: 1.5, billableHours: 1.5, rate: 120, amount: 180 },
  { user: 'alice', issue: '42', hours: 2, billableHours: 2, rate: 150, amount: 300 },
  { user: 'bob', issue: '7', hours: 0.75, billableHours: 0.75, rate: 100, amount: 75 },
  { user: 'bob', issue: '42', hours: 0.5, billableHours: 0, rate: 150, amount: 0 },
];
const FORMATS_TOTALS = { hours: 4.75, billableHours: 4.25, amount: 555 };

/**
 * The terminal table cut into cells at the columns its rule line draws; fails unless every line
 * keeps to those columns (two spaces between them), numbers flush right and text flush left.
 */
function tableCells(text: string, numericColumns: number): { title: string; header: string[]; rows: string[][]; totals: string[] } {
  const lines = text.split('\n');
  expect(lines[1]).toBe('');
  expect(lines.at(-1)).toBe(''); // ends with a newline
  const ruleAt = lines.findIndex((line) => line.startsWith('─'));
  expect(ruleAt).toBeGreaterThan(2);
  const rule = lines[ruleAt] as string;
  expect(rule).toMatch(/^─+( {2}─+)*$/);
  const spans = [...rule.matchAll(/─+/g)].map((match) => [match.index, match.index + match[0].length] as const);
  const numericFrom = spans.length - numericColumns;
  const cut = (line: string) => {
    expect(line.length).toBeLessThanOrEqual(rule.length);
    return spans.map(([start, end], column) => {
      const raw = line.slice(start, end);
      const gap = line.slice(end, spans[column + 1]?.[0] ?? end);
      expect(gap.trim(), `text between columns in ${JSON.stringify(line)}`).toBe('');
      if (raw.trim() !== '') expect(raw, `alignment of ${JSON.stringify(raw)} in ${JSON.stringify(line)}`).toMatch(column >= numericFrom ? /\S$/ : /^\S/);
      return raw.trim();
    });
  };
  return {
    title: lines[0] as string,
    header: cut(lines[2] as string),
    rows: lines.slice(3, ruleAt).map(cut),
    totals: cut(lines[ruleAt + 1] as string),
  };
}

describe('rounding: entry vs bucket scope, up / nearest / down', () => {
  // alice on #42 (150/h), one day: 7m, 7m, 8m and 22m = 44m tracked (0.73 h). With 15m increments:
  //   entry scope rounds each:   up 15+15+15+30 = 75m   nearest 0+0+15+15 = 30m   down 0+0+0+15 = 15m
  //   bucket scope rounds 44m:   up 45m                 nearest 45m               down 30m
  const entries = [
    entry('42', '2026-11-02T09:00', '2026-11-02T09:07'),
    entry('42', '2026-11-02T10:00', '2026-11-02T10:07'),
    entry('42', '2026-11-02T11:00', '2026-11-02T11:08'),
    entry('42', '2026-11-02T13:00', '2026-11-02T13:22'),
  ];
  it.each([
    { scope: 'entry', mode: 'up', billableHours: 1.25, amount: 187.5 },
    { scope: 'entry', mode: 'nearest', billableHours: 0.5, amount: 75 },
    { scope: 'entry', mode: 'down', billableHours: 0.25, amount: 37.5 },
    { scope: 'bucket', mode: 'up', billableHours: 0.75, amount: 112.5 },
    { scope: 'bucket', mode: 'nearest', billableHours: 0.75, amount: 112.5 },
    { scope: 'bucket', mode: 'down', billableHours: 0.5, amount: 75 },
  ])('scope $scope, mode $mode: $billableHours billable hours', ({ scope, mode, billableHours, amount }) => {
    const repo = makeTeamRepo({ rates: RATES, granularity: { period: 'day', rounding: { increment: '15m', mode, scope } } });
    track(repo, 'alice', entries);
    const result = reportJson(repo, NOVEMBER);
    expect(result.rows).toEqual([{ user: 'alice', issue: '42', hours: 0.73, billableHours, rate: 150, amount }]);
    expect(result.totals).toEqual({ hours: 0.73, billableHours, amount });
  });

  it('bills the actual time when the policy has no rounding', () => {
    const repo = makeTeamRepo({ rates: RATES });
    track(repo, 'alice', entries);
    // 44m is 0.73 h as shown: 0.73 × 150 = 109.50 (not 110, the exact 44/60 × 150).
    expect(reportJson(repo, NOVEMBER).rows).toEqual([{ user: 'alice', issue: '42', hours: 0.73, billableHours: 0.73, rate: 150, amount: 109.5 }]);
  });

  it('rounds each user × issue × period bucket on its own with scope bucket', () => {
    // 10m on Monday and 10m on Tuesday, nearest 15m: per day 15m + 15m, per week 20m → 15m.
    const days = [entry('42', '2026-11-02T09:00', '2026-11-02T09:10'), entry('42', '2026-11-03T09:00', '2026-11-03T09:10')];
    const rounding = { increment: '15m', mode: 'nearest', scope: 'bucket' };
    const daily = makeTeamRepo({ rates: RATES, granularity: { period: 'day', rounding } });
    track(daily, 'alice', days);
    track(daily, 'bob', [entry('42', '2026-11-02T09:00', '2026-11-02T09:10')]); // another user: not summed with alice
    expect(reportJson(daily, ['--period', '2026-W45']).rows).toEqual([
      { user: 'alice', issue: '42', hours: 0.33, billableHours: 0.5, rate: 150, amount: 75 },
      { user: 'bob', issue: '42', hours: 0.17, billableHours: 0.25, rate: 150, amount: 37.5 },
    ]);
    const weekly = makeTeamRepo({ rates: RATES, granularity: { period: 'week', rounding } });
    track(weekly, 'alice', days);
    expect(reportJson(weekly, ['--period', '2026-W45']).rows).toEqual([{ user: 'alice', issue: '42', hours: 0.33, billableHours: 0.25, rate: 150, amount: 37.5 }]);
  });
});

describe('rates and money', () => {
  it('takes the most specific rate: issue, then user, then default', () => {
    const repo = makeTeamRepo({ rates: RATES });
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00'), entry('7', '2026-11-02T10:00', '2026-11-02T11:00')]);
    track(repo, 'bob', [entry('7', '2026-11-02T09:00', '2026-11-02T10:00'), entry('42', '2026-11-02T10:00', '2026-11-02T10:30')]);
    expect(reportJson(repo, NOVEMBER).rows).toEqual([
      { user: 'alice', issue: '7', hours: 1, billableHours: 1, rate: 120, amount: 120 }, // user
      { user: 'alice', issue: '42', hours: 1, billableHours: 1, rate: 150, amount: 150 }, // issue beats user
      { user: 'bob', issue: '7', hours: 1, billableHours: 1, rate: 100, amount: 100 }, // default
      { user: 'bob', issue: '42', hours: 0.5, billableHours: 0.5, rate: 150, amount: 75 }, // issue beats default
    ]);
  });

  it('reads only configured rates: a user "constructor" on issue "toString" gets the default rate', () => {
    const repo = makeTeamRepo({ rates: RATES });
    track(repo, 'constructor', [entry('toString', '2026-11-02T09:00', '2026-11-02T10:00')]);
    expect(reportJson(repo, NOVEMBER).rows).toEqual([{ user: 'constructor', issue: 'toString', hours: 1, billableHours: 1, rate: 100, amount: 100 }]);
    const table = report(repo, NOVEMBER);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/constructor +toString +1\.00 +1\.00 +100\.00 +100\.00\n/);
  });

  it('counts non-billable entries in hours but not in billable hours or money, and does not round them in', () => {
    const repo = makeTeamRepo({ rates: RATES, granularity: { period: 'day', rounding: { increment: '15m', mode: 'up', scope: 'entry' } } });
    track(repo, 'alice', [
      entry('42', '2026-11-02T09:00', '2026-11-02T10:00'),
      entry('42', '2026-11-02T10:00', '2026-11-02T10:30', '--non-billable'),
      entry('42', '2026-11-02T11:00', '2026-11-02T11:07', '--non-billable'),
    ]);
    track(repo, 'bob', [entry('7', '2026-11-03T09:00', '2026-11-03T09:45', '--non-billable')]);
    const result = reportJson(repo, NOVEMBER);
    expect(result.rows).toEqual([
      { user: 'alice', issue: '42', hours: 1.62, billableHours: 1, rate: 150, amount: 150 }, // 97m tracked, 60m billable
      { user: 'bob', issue: '7', hours: 0.75, billableHours: 0, rate: 100, amount: 0 },
    ]);
    expect(result.totals).toEqual({ hours: 2.37, billableHours: 1, amount: 150 });
  });

  it('bills each row as its hours shown × its rate, to the cent, and sums the rows for the totals', () => {
    // 10 minutes is 0.17 h as shown, so 17.00 at 100/h: a reader who multiplies gets the amount.
    // Per day alice has three of them. Totals are the rows' sums, so each grouping foots on its own.
    const repo = makeTeamRepo({ rates: { default: 100 } });
    const tenMinutes = (day: string) => entry('7', `${day}T09:00`, `${day}T09:10`);
    track(repo, 'alice', [tenMinutes('2026-11-02'), tenMinutes('2026-11-03'), tenMinutes('2026-11-04')]);
    track(repo, 'bob', [tenMinutes('2026-11-02')]);
    track(repo, 'carol', [tenMinutes('2026-11-02')]);
    const byUserIssue = reportJson(repo, NOVEMBER);
    expect(byUserIssue.rows).toEqual([
      { user: 'alice', issue: '7', hours: 0.5, billableHours: 0.5, rate: 100, amount: 50 },
      { user: 'bob', issue: '7', hours: 0.17, billableHours: 0.17, rate: 100, amount: 17 },
      { user: 'carol', issue: '7', hours: 0.17, billableHours: 0.17, rate: 100, amount: 17 },
    ]);
    expect(byUserIssue.totals).toEqual({ hours: 0.84, billableHours: 0.84, amount: 84 });

    const byIssue = reportJson(repo, [...NOVEMBER, '--by', 'issue']);
    expect(byIssue.rows).toEqual([{ issue: '7', hours: 0.83, billableHours: 0.83, rate: 100, amount: 83 }]);
    expect(byIssue.totals).toEqual({ hours: 0.83, billableHours: 0.83, amount: 83 });

    const byDay = reportJson(repo, [...NOVEMBER, '--by', 'user,day']);
    expect(byDay.rows.filter((row: { user?: unknown }) => row.user === 'alice').map((row: { amount?: unknown }) => row.amount)).toEqual([17, 17, 17]);
    expect(byDay.totals.amount).toBe(85);
  });

  it('rounds half a cent and half a hundredth of an hour up', () => {
    // 1h00m36s is 1.01 h, at 112.50/h 113.625 → 113.63; 8m42s is 0.145 h → 0.15 (15.00 at 100/h).
    const repo = makeTeamRepo({ rates: { default: 100, users: { alice: 112.5 } } });
    track(repo, 'alice', [entry('42', '2026-11-02T08:00:00Z', '2026-11-02T09:00:36Z')]);
    track(repo, 'bob', [entry('9', '2026-11-02T08:00:00Z', '2026-11-02T08:08:42Z')]);
    const result = reportJson(repo, NOVEMBER);
    expect(result.rows).toEqual([
      { user: 'alice', issue: '42', hours: 1.01, billableHours: 1.01, rate: 112.5, amount: 113.63 },
      { user: 'bob', issue: '9', hours: 0.15, billableHours: 0.15, rate: 100, amount: 15 },
    ]);
    expect(result.totals).toEqual({ hours: 1.16, billableHours: 1.16, amount: 128.63 });
  });

  it('foots in every format: 40 minutes at 140/h is 0.67 h and 93.80, not 93.33', () => {
    const repo = makeTeamRepo({ rates: { default: 140 } });
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T09:40')]);
    expect(reportJson(repo, NOVEMBER).rows).toEqual([{ user: 'alice', issue: '42', hours: 0.67, billableHours: 0.67, rate: 140, amount: 93.8 }]);
    expect(report(repo, [...NOVEMBER, '--format', 'csv']).stdout).toContain('alice,42,0.67,0.67,140.00,93.80\r\n');
    expect(report(repo, [...NOVEMBER, '--format', 'md']).stdout).toMatch(/\| alice \| 42 \| 0\.67 \| 0\.67 \| 140\.00 \| 93\.80 \|/);
    expect(report(repo, NOVEMBER).stdout).toMatch(/alice +42 +0\.67 +0\.67 +140\.00 +93\.80\n/);
    const html = report(repo, [...NOVEMBER, '--format', 'html']).stdout;
    expect(html).toContain('93.80');
    expect(html).not.toContain('93.33');
  });

  it('says once on stderr when every rate is 0, and how to set them', () => {
    const repo = makeTeamRepo({ rates: { default: 0 } });
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    const result = report(repo, NOVEMBER);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/Every hourly rate is 0/g)).toHaveLength(1);
    expect(result.stderr).toContain('billing.rates');
    expect(report(makeTeamRepo({ rates: { default: 0, users: { alice: 90 } } }), NOVEMBER).stderr).toBe('');
  });

  it('reports in the configured currency', () => {
    const repo = makeTeamRepo({ currency: 'CHF', rates: { default: 100 } });
    track(repo, 'alice', [entry('7', '2026-11-02T09:00', '2026-11-02T10:00')]);
    expect(reportJson(repo, NOVEMBER).currency).toBe('CHF');
    expect(report(repo, [...NOVEMBER, '--format', 'csv']).stdout).toMatch(/^User,Issue,Hours,Billable h,Rate,Amount \(CHF\)\r\n/);
  });
});

describe('formats', () => {
  it('json: flowforge.report/1 exactly as docs/reports.md describes it, plus the grouping', () => {
    const repo = formatsRepo();
    const result = report(repo, [...NOVEMBER, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toStrictEqual({
      schema: 'flowforge.report/1',
      from: '2026-11-01',
      to: '2026-11-30',
      currency: 'EUR',
      by: ['user', 'issue'],
      rows: FORMATS_ROWS,
      totals: FORMATS_TOTALS,
    });
  });

  it('table: aligned columns, a rule, a totals row, and no colour codes off a TTY', () => {
    const repo = formatsRepo();
    for (const env of [{}, { NO_COLOR: undefined }]) {
      const result = report(repo, NOVEMBER, env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain(ESC);
      expect(tableCells(result.stdout, 4)).toEqual({
        title: 'Billing report 2026-11-01 to 2026-11-30',
        header: ['User', 'Issue', 'Hours', 'Billable h', 'Rate', 'Amount (EUR)'],
        rows: [
          ['alice', '7', '1.50', '1.50', '120.00', '180.00'],
          ['alice', '42', '2.00', '2.00', '150.00', '300.00'],
          ['bob', '7', '0.75', '0.75', '100.00', '75.00'],
          ['bob', '42', '0.50', '0.00', '150.00', '0.00'],
        ],
        totals: ['Total', '', '4.75', '4.25', '', '555.00'],
      });
    }
    // The default is this month in the team's zone: FLOWFORGE_NOW is in November.
    expect(report(repo, []).stdout).toBe(report(repo, NOVEMBER).stdout);
  });

  it('table on a terminal: bold headings, none with NO_COLOR, and never in a file written with --out', () => {
    const repo = formatsRepo();
    const coloured = runCliOnTty(['report', ...NOVEMBER], { cwd: repo, env: envOf('manager') });
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain(`${ESC}[1mBilling report 2026-11-01 to 2026-11-30${ESC}[22m`);

    const plain = runCliOnTty(['report', ...NOVEMBER], { cwd: repo, env: { ...envOf('manager'), NO_COLOR: '1' } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Billing report 2026-11-01 to 2026-11-30');
    expect(plain.stdout).not.toContain(ESC);

    const out = join(repo, 'bill.txt');
    expect(runCliOnTty(['report', ...NOVEMBER, '--out', out], { cwd: repo, env: envOf('manager') }).code).toBe(0);
    const file = readFileSync(out, 'utf8');
    expect(file).not.toContain(ESC);
    expect(file).toBe(report(repo, NOVEMBER).stdout);
  });

  it('csv: RFC 4180 with a header row, CRLF line ends, plain numbers', () => {
    const repo = formatsRepo();
    const result = report(repo, [...NOVEMBER, '--format', 'csv']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'User,Issue,Hours,Billable h,Rate,Amount (EUR)',
        'alice,7,1.50,1.50,120.00,180.00',
        'alice,42,2.00,2.00,150.00,300.00',
        'bob,7,0.75,0.75,100.00,75.00',
        'bob,42,0.50,0.00,150.00,0.00',
        '',
      ].join('\r\n'),
    );
    expect(result.stdout.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/); // no bare LF or CR
    // A row billing at two rates has no single rate: the field is empty rather than text in a
    // number column. Bob's non-billable time has no price, so his row shows the one rate he billed.
    expect(report(repo, [...NOVEMBER, '--format', 'csv', '--by', 'user']).stdout).toBe(
      ['User,Hours,Billable h,Rate,Amount (EUR)', 'alice,3.50,3.50,,480.00', 'bob,1.25,0.75,100.00,75.00', ''].join('\r\n'),
    );
  });

  it('csv quotes fields with a comma, a quote or a line break, doubling quotes', () => {
    // No FlowForge id can hold these characters today; the renderer must still be RFC 4180.
    const bill: CoreReport = {
      schema: 'flowforge.report/1',
      from: '2026-11-01',
      to: '2026-11-30',
      currency: 'EUR',
      by: ['user', 'issue'],
      rows: [{ user: 'Doe, "JD"', issue: 'a\nb', hours: 1, billableHours: 1, rate: 100, amount: 100 }],
      totals: { hours: 1, billableHours: 1, amount: 100 },
    };
    expect(renderCsv(bill)).toBe('User,Issue,Hours,Billable h,Rate,Amount (EUR)\r\n"Doe, ""JD""","a\nb",1.00,1.00,100.00,100.00\r\n');
  });

  it('md: a Markdown table with an alignment row and a bold totals row', () => {
    const repo = formatsRepo();
    const result = report(repo, [...NOVEMBER, '--format', 'md']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        '## Billing report 2026-11-01 to 2026-11-30',
        '',
        '| User | Issue | Hours | Billable h | Rate | Amount (EUR) |',
        '| --- | --- | ---: | ---: | ---: | ---: |',
        '| alice | 7 | 1.50 | 1.50 | 120.00 | 180.00 |',
        '| alice | 42 | 2.00 | 2.00 | 150.00 | 300.00 |',
        '| bob | 7 | 0.75 | 0.75 | 100.00 | 75.00 |',
        '| bob | 42 | 0.50 | 0.00 | 150.00 | 0.00 |',
        '| **Total** |  | **4.75** | **4.25** |  | **555.00** |',
        '',
      ].join('\n'),
    );
  });

  it('html: one self-contained page with the table and two SVG charts, no scripts, nothing fetched', () => {
    const repo = formatsRepo();
    const result = report(repo, [...NOVEMBER, '--format', 'html']);
    expect(result.stderr).toBe('');
    const html = result.stdout;
    expect(html).toMatch(/^<!doctype html>\n/i);
    expect(html).toContain('<title>acme — Billing report 2026-11-01 to 2026-11-30</title>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html.match(/<svg\b/g)).toHaveLength(2);
    expect(html).toContain('<td>alice</td><td>42</td><td class="num">2.00</td><td class="num">2.00</td><td class="num">150.00</td><td class="num">300.00</td>');
    expect(html).toContain('<tfoot><tr><td>Total</td><td></td><td class="num">4.75</td><td class="num">4.25</td><td class="num"></td><td class="num">555.00</td></tr></tfoot>');
    const chart = (id: string) => html.slice(html.indexOf(`<svg id="${id}"`), html.indexOf('</svg>', html.indexOf(`<svg id="${id}"`)));
    // One bar per user and per issue, the longest 420 px wide, the others in proportion.
    const bars = (svg: string) => [...svg.matchAll(/<rect class="bar" [^>]*width="(\d+)"[^>]*><title>([^<]*)<\/title>/g)].map((match) => [match[2], Number(match[1])]);
    expect(bars(chart('hours-per-user'))).toEqual([
      ['alice: 3.50 h', 420],
      ['bob: 1.25 h', 150],
    ]);
    expect(bars(chart('hours-per-issue'))).toEqual([
      ['#7: 2.25 h', 378],
      ['#42: 2.50 h', 420],
    ]);
  });

  it('--out writes the report to the file and says where', () => {
    const repo = formatsRepo();
    for (const format of ['table', 'csv', 'json', 'md', 'html']) {
      const out = join(repo, `bill.${format}`);
      const result = report(repo, [...NOVEMBER, '--format', format, '--out', out]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`Wrote the ${format} report for 2026-11-01 to 2026-11-30 to ${out}\n`);
      expect(readFileSync(out, 'utf8')).toBe(report(repo, [...NOVEMBER, '--format', format]).stdout);
    }
  });
});

describe('groupings', () => {
  it('--by user, --by issue and --by user,day', () => {
    const repo = formatsRepo();
    const byUser = reportJson(repo, [...NOVEMBER, '--by', 'user']);
    expect(byUser.by).toEqual(['user']);
    expect(byUser.rows).toEqual([
      { user: 'alice', hours: 3.5, billableHours: 3.5, rate: null, amount: 480 },
      { user: 'bob', hours: 1.25, billableHours: 0.75, rate: 100, amount: 75 },
    ]);
    expect(byUser.totals).toEqual(FORMATS_TOTALS);

    const byIssue = reportJson(repo, [...NOVEMBER, '--by', 'issue']);
    expect(byIssue.rows).toEqual([
      { issue: '7', hours: 2.25, billableHours: 2.25, rate: null, amount: 255 },
      { issue: '42', hours: 2.5, billableHours: 2, rate: 150, amount: 300 },
    ]);
    expect(byIssue.totals).toEqual(FORMATS_TOTALS);

    const byUserDay = reportJson(repo, [...NOVEMBER, '--by', 'user,day']);
    expect(byUserDay.by).toEqual(['user', 'day']);
    expect(byUserDay.rows).toEqual([
      { user: 'alice', day: '2026-11-02', hours: 2, billableHours: 2, rate: 150, amount: 300 },
      { user: 'alice', day: '2026-11-03', hours: 1.5, billableHours: 1.5, rate: 120, amount: 180 },
      { user: 'bob', day: '2026-11-02', hours: 1.25, billableHours: 0.75, rate: 100, amount: 75 },
    ]);
    expect(byUserDay.totals).toEqual(FORMATS_TOTALS);

    // A table of a mixed-rate row says so instead of inventing a rate.
    const table = tableCells(report(repo, [...NOVEMBER, '--by', 'user']).stdout, 4);
    expect(table.rows).toEqual([
      ['alice', '3.50', '3.50', 'mixed', '480.00'],
      ['bob', '1.25', '0.75', '100.00', '75.00'],
    ]);
    expect(table.totals).toEqual(['Total', '4.75', '4.25', '', '555.00']);
  });

  it('selects buckets by local day: --period YYYY-MM-DD and --from/--to', () => {
    const repo = formatsRepo();
    expect(reportJson(repo, ['--period', '2026-11-03']).rows).toEqual([FORMATS_ROWS[0]]);
    expect(reportJson(repo, ['--from', '2026-11-02', '--to', '2026-11-02']).totals).toEqual({ hours: 3.25, billableHours: 2.75, amount: 375 });
    expect(reportJson(repo, ['--period', '2026-10']).rows).toEqual([]);
  });
});

describe('--ref: the team layer of any revision', () => {
  it('reports HEAD~1 after two commits through the husky hook, without checking it out', () => {
    const repo = makeTeamRepo({ rates: RATES });
    linkInstall(repo);
    writeFiles(repo, { '.gitignore': 'node_modules\n' });
    const alice = envOf('alice');
    expect(runCli(['init', '--yes'], { cwd: repo, env: alice }).code).toBe(0);
    const commit = (message: string) => gitAs(repo, alice, 'commit', '--quiet', '--allow-empty', '-m', message);
    gitAs(repo, alice, 'add', '--all');
    commit('FlowForge set-up');

    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')], { aggregate: false });
    commit('first'); // the pre-commit hook aggregates and stages the team file
    track(repo, 'alice', [entry('7', '2026-11-03T09:00', '2026-11-03T11:00')], { aggregate: false });
    commit('second');
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD~1', '--', '.flowforge/team')).toMatch(/^\.flowforge\/team\/alice\/[a-z2-7]{8}\/2026-11\.r1\.[0-9a-f]{12}\.json$/);
    expect(git(repo, 'status', '--porcelain')).toBe('');

    // Work in the tree after the last commit: the work tree sees it, the revisions do not.
    track(repo, 'alice', [entry('7', '2026-11-04T09:00', '2026-11-04T09:30')]);
    const first = [{ user: 'alice', issue: '42', hours: 1, billableHours: 1, rate: 150, amount: 150 }];
    const second = [{ user: 'alice', issue: '7', hours: 2, billableHours: 2, rate: 120, amount: 240 }, ...first];
    expect(reportJson(repo, [...NOVEMBER, '--ref', 'HEAD~1']).rows).toEqual(first);
    expect(reportJson(repo, [...NOVEMBER, '--ref', 'HEAD']).rows).toEqual(second);
    expect(reportJson(repo, [...NOVEMBER, '--ref', 'HEAD~2']).rows).toEqual([]);
    expect(reportJson(repo, NOVEMBER).rows).toEqual([{ ...second[0], hours: 2.5, billableHours: 2.5, amount: 300 }, ...first]);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('refuses a revision that does not exist with exit 2', () => {
    const repo = makeTeamRepo();
    git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'empty');
    expectUserError(report(repo, [...NOVEMBER, '--ref', 'no-such-branch']), 'FF_BAD_REF');
  });
});

describe('refusals', () => {
  function weeklyRepo(): string {
    const repo = makeTeamRepo({ rates: RATES, granularity: { period: 'week' } });
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00'), entry('42', '2026-11-04T09:00', '2026-11-04T09:30')]);
    return repo;
  }

  it('refuses a period finer than the team granularity, naming it', () => {
    const repo = weeklyRepo();
    for (const args of [
      ['--period', '2026-11-02', '--by', 'day'],
      ['--period', '2026-11-02'],
      ['--period', '2026-W45', '--by', 'user,day'],
      ['--from', '2026-11-02', '--to', '2026-11-04'],
    ]) {
      const result = report(repo, args);
      expectUserError(result, 'FF_PERIOD_TOO_FINE');
      expect(result.stderr).toContain('The team layer keeps time per week');
      expect(result.stderr).toContain('--period YYYY-Www');
    }
    const week = reportJson(repo, ['--period', '2026-W45']);
    expect(week).toMatchObject({ from: '2026-11-02', to: '2026-11-08' });
    expect(week.rows).toEqual([{ user: 'alice', issue: '42', hours: 1.5, billableHours: 1.5, rate: 150, amount: 225 }]);
    expect(reportJson(repo, ['--period', '2026-W45', '--by', 'user,week']).rows).toEqual([
      { user: 'alice', week: '2026-W45', hours: 1.5, billableHours: 1.5, rate: 150, amount: 225 },
    ]);
  });

  it('names billing.currency when the config gives it the wrong type', () => {
    const repo = makeTeamRepo({ currency: 5 });
    const result = report(repo, NOVEMBER);
    expectUserError(result, 'FF_CONFIG_INVALID');
    expect(result.stderr).toContain('billing.currency: expected a 3-letter ISO 4217 currency code');
    expect(result.stderr).toContain('received number');
  });

  it('refuses a period that is not one, and unknown groupings', () => {
    const repo = formatsRepo();
    for (const period of ['garbage', '2026-13', '2026-W54', '2026-02-30']) {
      const result = report(repo, ['--period', period]);
      expectUserError(result, 'FF_BAD_PERIOD');
      expect(result.stderr).toContain(`"${period}" is not a period.`);
    }
    const grouping = report(repo, [...NOVEMBER, '--by', 'user,project']);
    expectUserError(grouping, 'FF_USAGE');
    expect(grouping.stderr).toContain('--by takes user, issue, day, week, month, not "project"');
    expectUserError(report(repo, [...NOVEMBER, '--from', '2026-11-01']), 'FF_USAGE'); // --period or --from/--to
    expectUserError(report(repo, ['--from', '2026-11-05', '--to', '2026-11-01']), 'FF_USAGE');
  });

  it('reads only the team layer: a report needs no private data', () => {
    const repo = formatsRepo();
    const teamOnly = makeTeamRepo({ rates: RATES });
    for (const path of git(repo, 'ls-files', '--others', '--cached', '.flowforge/team').split('\n'))
      writeFiles(teamOnly, { [path]: readFileSync(join(repo, path), 'utf8') });
    expect(existsSync(join(teamOnly, '.flowforge/user'))).toBe(false);
    expect(reportJson(teamOnly, NOVEMBER).rows).toEqual(FORMATS_ROWS);
  });
});

