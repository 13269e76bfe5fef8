import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, type Rgba } from './helpers/png.js';
import { entry, gitAs, makeSharedTeamRepo, report, track } from './helpers/report-team.js';

/**
 * The HTML report as a client sees it: rendered by headless Chromium (Debian package `chromium`).
 * Without Chromium these tests fail, saying how to install it: they are never skipped.
 */
const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';
// The bars' fills in html-style.ts: hours over time in blue, amounts in green.
const HOURS_BLUE = [0x2f, 0x81, 0xf7] as const;
const AMOUNT_GREEN = [0x1a, 0x7f, 0x37] as const;
const TITLE = 'acme — Billing report 2026-11-01 to 2026-11-30';
/** An issue key as long as keys may be (64 characters), with no space or hyphen to break it at. */
const LONG_KEY = 'ACME_PLATFORM.payments_reconciliation_and_refunds_for_q4_2026_12';

let shared: { repo: string; remove: () => void };
let page: string;
/** The commit of the team files billed: full and abbreviated. */
let commit: { hash: string; short: string };

beforeAll(() => {
  // alice 4.50 h (600.00), bob 11.25 h (1075.00, his 30m on 42 non-billable); by day: Nov 2 3.25 h,
  // Nov 3 1.50 h, Nov 5 10.00 h, Nov 10 1.00 h; by issue: 7 255.00, 42 300.00, LONG_KEY 120.00, PROJ-101 1000.00.
  shared = makeSharedTeamRepo({ rates: { default: 100, users: { alice: 120 }, issues: { '42': 150 } } });
  track(shared.repo, 'alice', [
    entry('42', '2026-11-02T09:00', '2026-11-02T11:00'),
    entry('7', '2026-11-03T13:00', '2026-11-03T14:30'),
    entry(LONG_KEY, '2026-11-10T09:00', '2026-11-10T10:00'),
  ]);
  track(shared.repo, 'bob', [
    entry('7', '2026-11-02T09:00', '2026-11-02T09:45'),
    entry('42', '2026-11-02T10:00', '2026-11-02T10:30', '--non-billable'),
    entry('PROJ-101', '2026-11-05T08:00', '2026-11-05T18:00'),
  ]);
  expect(LONG_KEY).toHaveLength(64);
  gitAs(shared.repo, {}, 'add', 'flowforge.config.mjs', '.flowforge/team');
  gitAs(shared.repo, {}, 'commit', '--quiet', '-m', 'Time of November');
  const [hash = '', short = ''] = gitAs(shared.repo, {}, 'log', '-1', '--format=%H %h').trim().split(' ');
  commit = { hash, short };
  page = join(shared.repo, 'report.html');
  const result = report(shared.repo, ['--period', '2026-11', '--format', 'html', '--out', page]);
  if (result.code !== 0) throw new Error(`flowforge report --format html failed:\n${result.stderr}`);
});
afterAll(() => shared?.remove());

/** Runs headless Chromium on `file` (the report unless given) with a fresh profile; fails with a clear message if it cannot. */
function chromium(args: readonly string[], file = page): string {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; the HTML report tests need it. Install it with: ${INSTALL}`);
  const profile = mkdtempSync(join(tmpdir(), 'flowforge-chromium-'));
  try {
    const result = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        '--force-device-scale-factor=1',
        `--user-data-dir=${profile}`,
        ...args,
        pathToFileURL(file).href,
      ],
      { encoding: 'utf8', timeout: 45_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: { ...process.env, HOME: profile } },
    );
    if (result.error) throw new Error(`Chromium (${CHROMIUM}) could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`Chromium (${CHROMIUM}) exited ${result.status ?? result.signal}:\n${result.stderr.slice(-3000)}`);
    return result.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Runs `run` with a fresh temp folder, removed afterwards. */
function inTempDir<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'flowforge-html-'));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Solid rectangles of `colour` in a screenshot: runs of that colour in each row, stacked while a
 * run keeps its left and right edges. The bars are drawn with crisp edges, so each is one rectangle.
 */
function rectanglesOf(image: Rgba, colour: readonly [number, number, number]): Box[] {
  const matches = (x: number, y: number) => {
    const i = (y * image.width + x) * 4;
    return colour.every((channel, c) => Math.abs((image.data[i + c] as number) - channel) <= 16);
  };
  const open = new Map<string, Box>();
  const done: Box[] = [];
  for (let y = 0; y < image.height; y += 1) {
    const seen = new Set<string>();
    for (let x = 0; x < image.width; x += 1) {
      if (!matches(x, y)) continue;
      const left = x;
      while (x + 1 < image.width && matches(x + 1, y)) x += 1;
      const key = `${left},${x}`;
      seen.add(key);
      const box = open.get(key);
      if (box) box.height += 1;
      else open.set(key, { left, top: y, width: x - left + 1, height: 1 });
    }
    for (const [key, box] of open)
      if (!seen.has(key)) {
        done.push(box);
        open.delete(key);
      }
  }
  return [...done, ...open.values()].filter((box) => box.width >= 3 && box.height >= 3).sort((a, b) => a.top - b.top || a.left - b.left);
}

/** Each value over the largest: what bars drawn in proportion measure, whatever the scale. */
const shares = (values: readonly number[]): number[] => values.map((value) => value / Math.max(...values));

describe('the HTML report in headless Chromium', () => {
  it('parses as the page we wrote: totals, the hours chart in proportion, bars per user and issue, the table with subtotals', () => {
    const dom = chromium(['--dump-dom']);
    expect(dom).toContain('<html lang="en">');
    expect(dom).toContain(`<title>${TITLE}</title>`);
    expect(dom).toContain(`<h1>${TITLE}</h1>`);
    expect(dom).not.toContain('<script');
    // When (FLOWFORGE_NOW, in the team's zone) and from which commit.
    expect(dom).toContain(
      `<p class="meta">Generated <time datetime="2026-11-20T12:00:00.000Z">November 20, 2026 at 01:00 PM GMT+1</time> from commit <code class="commit" title="${commit.hash}">${commit.short}</code>.</p>`,
    );
    expect(dom).toContain('<div><dt>Hours</dt><dd>15.75</dd></div>');
    expect(dom).toContain('<div><dt>Billable hours</dt><dd>15.25</dd></div>');
    expect(dom).toContain('<div><dt>Amount</dt><dd>€1,675.00</dd></div>');

    // A bar for each day with time, as tall as its hours on one scale; days without time have none.
    expect(dom).toContain('<figcaption>Hours per day</figcaption>');
    const dayBars = [...dom.matchAll(/<rect class="hours-bar" x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="([\d.]+)" data-hours="([\d.]+)"><title>([^<]*)<\/title>/g)];
    expect(dayBars.map((bar) => [bar[4], Number(bar[3])])).toEqual([
      ['Nov 2, 2026: 3.25 h', 3.25],
      ['Nov 3, 2026: 1.50 h', 1.5],
      ['Nov 5, 2026: 10.00 h', 10],
      ['Nov 10, 2026: 1.00 h', 1],
    ]);
    const perHour = Number(dayBars[2]?.[2]) / 10;
    for (const bar of dayBars) expect(Number(bar[2])).toBeCloseTo(Number(bar[3]) * perHour, 1);
    // 30 slots on the calendar: Nov 2 is slot 1, Nov 10 slot 9.
    const x = dayBars.map((bar) => Number(bar[1]));
    expect(((x[3] as number) - (x[0] as number)) / ((x[1] as number) - (x[0] as number))).toBeCloseTo(8, 5);

    const barsOf = (id: string) => {
      const table = dom.slice(dom.indexOf(`<table class="bars" id="${id}">`), dom.indexOf('</table>', dom.indexOf(`id="${id}"`)));
      return [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="track"><svg [^>]*><rect class="amount-bar" width="([\d.]+)"[^>]*><\/rect><\/svg><\/td><td class="num">([^<]*)<\/td>/g)].map(
        (match) => [match[1], Number(match[2]), match[3]],
      );
    };
    expect(barsOf('per-user')).toEqual([
      ['alice', 55.81, '€600.00'],
      ['bob', 100, '€1,075.00'],
    ]);
    // Issue keys as in the table: no `#` before a key that is not a number, long keys whole.
    expect(barsOf('per-issue')).toEqual([
      ['7', 25.5, '€255.00'],
      ['42', 30, '€300.00'],
      [LONG_KEY, 12, '€120.00'],
      ['PROJ-101', 100, '€1,000.00'],
    ]);
    expect(dom.slice(dom.indexOf('<body>'))).not.toContain('#');

    expect(dom).toContain('<tr><td>alice</td><td>42</td><td class="num">2.00</td><td class="num">2.00</td><td class="num">€150.00</td><td class="num">€300.00</td></tr>');
    expect(dom).toContain('<tr class="subtotal"><td colspan="2">Subtotal alice</td><td class="num">4.50</td><td class="num">4.50</td><td class="num"></td><td class="num">€600.00</td></tr>');
    expect(dom).toContain('<tr class="subtotal"><td colspan="2">Subtotal bob</td><td class="num">11.25</td><td class="num">10.75</td><td class="num"></td><td class="num">€1,075.00</td></tr>');
    expect(dom).toContain('<tfoot><tr><td>Total</td><td></td><td class="num">15.75</td><td class="num">15.25</td><td class="num"></td><td class="num">€1,675.00</td></tr></tfoot>');
  });

  it('shows the picture: the hours bars on one baseline in proportion, the amount bars from one edge in proportion', () => {
    const image = inTempDir((dir) => {
      const shot = join(dir, 'report.png');
      chromium([`--screenshot=${shot}`, '--window-size=1000,1600']);
      expect(existsSync(shot), `Chromium wrote no screenshot at ${shot}`).toBe(true);
      return decodePng(readFileSync(shot));
    });
    expect([image.width, image.height]).toEqual([1000, 1600]);
    // The page itself rendered: a white background with dark text on it.
    expect(Array.from(image.data.subarray(0, 3))).toEqual([255, 255, 255]);
    let dark = 0;
    for (let i = 0; i < image.data.length; i += 4) if ((image.data[i] as number) + (image.data[i + 1] as number) + (image.data[i + 2] as number) < 200) dark += 1;
    expect(dark).toBeGreaterThan(3000);

    const days = rectanglesOf(image, HOURS_BLUE).sort((a, b) => a.left - b.left);
    expect(days, JSON.stringify(days)).toHaveLength(4);
    const tallest = Math.max(...days.map((bar) => bar.height));
    expect(tallest).toBeGreaterThan(150);
    shares([3.25, 1.5, 10, 1]).forEach((share, index) => {
      const bar = days[index] as Box;
      expect(Math.abs(bar.height - share * tallest), `day bar ${index + 1} is ${bar.height} px tall`).toBeLessThanOrEqual(2);
      expect(Math.abs(bar.top + bar.height - ((days[0] as Box).top + (days[0] as Box).height))).toBeLessThanOrEqual(1); // one baseline
    });
    const slot = ((days[3] as Box).left - (days[0] as Box).left) / 8; // Nov 2 to Nov 10: eight days apart
    expect(Math.abs((days[1] as Box).left - (days[0] as Box).left - slot)).toBeLessThanOrEqual(1.5);
    expect(Math.abs((days[2] as Box).left - (days[0] as Box).left - 3 * slot)).toBeLessThanOrEqual(1.5);

    // Amounts: per user (left) and per issue (right) side by side, below the hours chart.
    const amounts = rectanglesOf(image, AMOUNT_GREEN);
    const chartBottom = Math.max(...days.map((bar) => bar.top + bar.height));
    expect(amounts.every((bar) => bar.top > chartBottom)).toBe(true);
    const columnLeft = Math.min(...amounts.map((bar) => bar.left));
    const perUser = amounts.filter((bar) => bar.left <= columnLeft + 1);
    const perIssue = amounts.filter((bar) => bar.left > columnLeft + 1);
    expect([perUser.length, perIssue.length]).toEqual([2, 4]);
    for (const [bars, values] of [
      [perUser, [600, 1075]],
      [perIssue, [255, 300, 120, 1000]],
    ] as const) {
      const longest = Math.max(...bars.map((bar) => bar.width));
      shares(values).forEach((share, index) => {
        const bar = bars[index] as Box;
        expect(Math.abs(bar.width - share * longest), `amount bar ${index + 1} is ${bar.width} px wide`).toBeLessThanOrEqual(2);
        expect(Math.abs(bar.left - (bars[0] as Box).left)).toBeLessThanOrEqual(1);
        expect(bar.height).toBeGreaterThanOrEqual(16);
        expect(bar.height).toBeLessThanOrEqual(20);
        expect(bar.top + bar.height).toBeLessThan(image.height); // inside the window, not cut off
      });
    }
  });

  it.each([1000, 560])('at %i px wide, nothing overflows its cell, the long key wraps instead of being cut off, the totals do not', (width) => {
    // A copy of the page with a script that measures the layout and writes what it found into the DOM.
    const probe = `<script>
      const cells = [...document.querySelectorAll('th, td')];
      const long = [...document.querySelectorAll('#per-issue th')].find((cell) => cell.textContent === ${JSON.stringify(LONG_KEY)});
      const lines = (cell) => {
        const text = document.createRange();
        text.selectNodeContents(cell);
        return new Set([...text.getClientRects()].map((box) => Math.round(box.top))).size;
      };
      document.body.insertAdjacentHTML('beforeend', '<pre id="probe">' + JSON.stringify({
        overflowing: cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent),
        pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
        longKeyLines: lines(long),
        labelLines: [...document.querySelectorAll('tfoot td:first-child, .subtotal td:first-child')].map(lines),
        chartWidth: document.getElementById('hours-over-time').getBoundingClientRect().width,
      }) + '</pre>');
    </script>`;
    const dom = inTempDir((dir) => {
      const probed = join(dir, 'probe.html');
      writeFileSync(probed, readFileSync(page, 'utf8').replace('</body>', `${probe}</body>`));
      return chromium(['--dump-dom', `--window-size=${width},900`], probed);
    });
    const found = /<pre id="probe">(.*)<\/pre>/.exec(dom)?.[1];
    expect(found, 'the probe script ran').toBeDefined();
    const layout = JSON.parse(found as string) as { overflowing: string[]; pageScrolls: boolean; longKeyLines: number; labelLines: number[]; chartWidth: number };
    expect(layout.overflowing).toEqual([]);
    expect(layout.pageScrolls).toBe(false);
    expect(layout.longKeyLines).toBeGreaterThanOrEqual(2);
    expect(layout.labelLines, '"Total" and each "Subtotal …" on one line').toEqual([1, 1, 1]);
    expect(layout.chartWidth).toBeLessThanOrEqual(width);
  });

  it('prints: a PDF of a page or two with the bars in their colours', () => {
    const pdf = inTempDir((dir) => {
      const file = join(dir, 'report.pdf');
      chromium([`--print-to-pdf=${file}`, '--no-pdf-header-footer']);
      return readFileSync(file);
    });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const pages = text.match(/\/Type\s*\/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    // The fill colours the pages paint with (`r g b rg` in the PDF's compressed drawing streams).
    const fills: number[][] = [];
    for (const match of text.matchAll(/stream\r?\n/g)) {
      const start = (match.index ?? 0) + match[0].length;
      let drawing: string;
      try {
        drawing = inflateSync(pdf.subarray(start, text.indexOf('endstream', start))).toString('latin1');
      } catch {
        continue; // an image or a font, not a drawing
      }
      for (const fill of drawing.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) rg/g)) fills.push([Number(fill[1]), Number(fill[2]), Number(fill[3])]);
    }
    const painted = (colour: readonly number[]) => fills.some((fill) => fill.every((channel, c) => Math.abs(channel * 255 - (colour[c] as number)) < 2));
    expect(painted(HOURS_BLUE), 'the hours bars are printed').toBe(true);
    expect(painted(AMOUNT_GREEN), 'the amount bars are printed').toBe(true);
    expect(painted([0xf6, 0xf8, 0xfa]), 'the tinted totals and subtotal rows are printed').toBe(true);
  });
});
