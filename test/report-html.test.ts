import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, type Rgba } from './helpers/png.js';
import { entry, makeSharedTeamRepo, report, track } from './helpers/report-team.js';

/**
 * The HTML report as a client sees it: rendered by headless Chromium (Debian package `chromium`).
 * Without Chromium these tests fail, saying how to install it: they are never skipped.
 */
const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';
const BAR_COLOUR = [0x2f, 0x81, 0xf7] as const; // `.bar { fill: #2f81f7 }` in render-html.ts
const TITLE = 'acme — Billing report 2026-11-01 to 2026-11-30';

let shared: { repo: string; remove: () => void };
let page: string;

beforeAll(() => {
  // alice 3.5 h, bob 1.25 h; #7 2.25 h, #42 2.5 h (bob's 30m on #42 is non-billable: still hours).
  shared = makeSharedTeamRepo({ rates: { default: 100, users: { alice: 120 }, issues: { '42': 150 } } });
  track(shared.repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T11:00'), entry('7', '2026-11-03T13:00', '2026-11-03T14:30')]);
  track(shared.repo, 'bob', [entry('7', '2026-11-02T09:00', '2026-11-02T09:45'), entry('42', '2026-11-02T10:00', '2026-11-02T10:30', '--non-billable')]);
  page = join(shared.repo, 'report.html');
  const result = report(shared.repo, ['--period', '2026-11', '--format', 'html', '--out', page]);
  if (result.code !== 0) throw new Error(`flowforge report --format html failed:\n${result.stderr}`);
});
afterAll(() => shared?.remove());

/** Runs headless Chromium on the report with a fresh profile; fails with a clear message if it cannot. */
function chromium(...args: string[]): string {
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
        pathToFileURL(page).href,
      ],
      { encoding: 'utf8', timeout: 45_000, maxBuffer: 64 << 20, env: { ...process.env, HOME: profile } },
    );
    if (result.error) throw new Error(`Chromium (${CHROMIUM}) could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`Chromium (${CHROMIUM}) exited ${result.status ?? result.signal}:\n${result.stderr.slice(-3000)}`);
    return result.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Horizontal stretches of rows holding bar-coloured pixels: one per bar, top to bottom. */
function barsIn(image: Rgba): { top: number; height: number; left: number; width: number }[] {
  const near = (x: number, y: number) => {
    const i = (y * image.width + x) * 4;
    return BAR_COLOUR.every((channel, c) => Math.abs((image.data[i + c] as number) - channel) <= 16);
  };
  const rows = Array.from({ length: image.height }, (_, y) => {
    const xs = Array.from({ length: image.width }, (_, x) => x).filter((x) => near(x, y));
    return { count: xs.length, left: xs[0] ?? -1, right: xs.at(-1) ?? -1 };
  });
  const bars: { top: number; height: number; left: number; width: number }[] = [];
  for (let y = 0; y < image.height; y += 1) {
    if ((rows[y]?.count ?? 0) < 10) continue;
    const top = y;
    while (y + 1 < image.height && (rows[y + 1]?.count ?? 0) >= 10) y += 1;
    const middle = rows[Math.floor((top + y) / 2)] as { count: number; left: number; right: number };
    expect(middle.count, `bar at y=${top} is one solid run`).toBe(middle.right - middle.left + 1);
    bars.push({ top, height: y - top + 1, left: middle.left, width: middle.count });
  }
  return bars;
}

describe('the HTML report in headless Chromium', () => {
  it('parses as the page we wrote: its title, the table and both charts are in the DOM', () => {
    const dom = chromium('--dump-dom');
    expect(dom).toContain(`<title>${TITLE}</title>`);
    expect(dom).toContain(`<h1>${TITLE}</h1>`);
    expect(dom.match(/<svg\b/g)).toHaveLength(2);
    expect(dom.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(dom).toContain('<td class="num">555.00</td>');
    expect(dom).not.toContain('<script');
  });

  it('shows the charts: one visible bar per user and per issue, in proportion to the hours', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowforge-shot-'));
    try {
      const shot = join(dir, 'report.png');
      chromium(`--screenshot=${shot}`, '--window-size=1000,900');
      expect(existsSync(shot), `Chromium wrote no screenshot at ${shot}`).toBe(true);
      const image = decodePng(readFileSync(shot));
      expect([image.width, image.height]).toEqual([1000, 900]);
      // The page itself rendered: a white background with dark text on it.
      expect(Array.from(image.data.subarray(0, 3))).toEqual([255, 255, 255]);
      let dark = 0;
      for (let i = 0; i < image.data.length; i += 4) if ((image.data[i] as number) + (image.data[i + 1] as number) + (image.data[i + 2] as number) < 200) dark += 1;
      expect(dark).toBeGreaterThan(2000);

      const bars = barsIn(image);
      // Hours per user: alice 3.50 (the longest, 420 px), bob 1.25; per issue: #7 2.25, #42 2.50.
      expect(bars.map((bar) => bar.width)).toHaveLength(4);
      const expected = [420, 150, 378, 420];
      bars.forEach((bar, index) => {
        expect(Math.abs(bar.width - (expected[index] as number)), `bar ${index + 1} is ${bar.width} px wide, expected about ${expected[index]}`).toBeLessThanOrEqual(3);
        expect(bar.height).toBeGreaterThanOrEqual(16);
        expect(bar.height).toBeLessThanOrEqual(22);
        expect(Math.abs(bar.left - (bars[0]?.left ?? 0))).toBeLessThanOrEqual(1); // all start at the chart's axis
        expect(bar.top + bar.height).toBeLessThan(image.height); // inside the window, not cut off
      });
      expect((bars[1]?.top ?? 0) - (bars[0]?.top ?? 0)).toBe(28); // one row per bar within a chart
      expect((bars[2]?.top ?? 0) - (bars[1]?.top ?? 0)).toBeGreaterThan(28); // the second chart below the first
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
