import type { Report } from '@flowforge/core/lite';
import { describe, expect, it } from 'vitest';
import { billFormat } from '../src/report/bill-format.js';
import { hourTicks } from '../src/report/html-charts.js';
import { timelinePoints, timelineStep } from '../src/report/timeline.js';

describe('the step of the hours-over-time chart', () => {
  it.each([
    ['2026-11-01', '2026-11-30', 'day', 'day'],
    ['2026-11-01', '2026-12-31', 'day', 'day'], // 61 days: still by day
    ['2026-10-01', '2026-12-31', 'day', 'week'], // a quarter
    ['2026-07-01', '2026-12-30', 'day', 'week'], // 183 days: by week up to half a year
    ['2026-07-01', '2026-12-31', 'day', 'month'],
    ['2026-01-01', '2026-12-31', 'day', 'month'],
    ['2026-11-02', '2026-11-29', 'week', 'week'], // weekly summaries cannot be shown by day
    ['2026-11-01', '2026-11-30', 'month', 'month'],
    ['2026-01-01', '2026-12-31', 'week', 'month'],
  ] as const)('%s to %s with %s summaries: by %s', (from, to, granularity, step) => {
    expect(timelineStep(from, to, granularity)).toBe(step);
  });
});

describe('the points of the chart', () => {
  const byStep = (by: 'day' | 'week' | 'month', from: string, to: string, rows: [string, number][]): Report => ({
    schema: 'flowforge.report/1',
    from,
    to,
    currency: 'EUR',
    by: [by],
    rows: rows.map(([key, hours]) => ({ [by]: key, hours, billableHours: hours, rate: 100, amount: hours * 100 })),
    totals: { hours: 0, billableHours: 0, amount: 0 },
  });

  it('has every day of the range, empty ones at 0 hours', () => {
    const points = timelinePoints(byStep('day', '2026-11-01', '2026-11-04', [['2026-11-03', 2.5]]), 'day');
    expect(points).toEqual([
      { period: '2026-11-01', firstDay: '2026-11-01', hours: 0 },
      { period: '2026-11-02', firstDay: '2026-11-02', hours: 0 },
      { period: '2026-11-03', firstDay: '2026-11-03', hours: 2.5 },
      { period: '2026-11-04', firstDay: '2026-11-04', hours: 0 },
    ]);
  });

  it('has each ISO week the range touches, from its first day in the range', () => {
    const points = timelinePoints(byStep('week', '2026-11-01', '2026-11-30', [['2026-W45', 12]]), 'week');
    expect(points.map((point) => [point.period, point.firstDay, point.hours])).toEqual([
      ['2026-W44', '2026-11-01', 0], // a Sunday: the range starts in the week of Oct 26
      ['2026-W45', '2026-11-02', 12],
      ['2026-W46', '2026-11-09', 0],
      ['2026-W47', '2026-11-16', 0],
      ['2026-W48', '2026-11-23', 0],
      ['2026-W49', '2026-11-30', 0],
    ]);
  });

  it('has each month of a year', () => {
    const points = timelinePoints(byStep('month', '2026-01-01', '2026-12-31', [['2026-11', 80]]), 'month');
    expect(points).toHaveLength(12);
    expect(points[10]).toEqual({ period: '2026-11', firstDay: '2026-11-01', hours: 80 });
  });
});

describe('the hours axis', () => {
  it.each([
    [10, 10, [0, 2.5, 5, 7.5, 10]],
    [3.25, 4, [0, 1, 2, 3, 4]],
    [0.25, 0.3, [0, 0.1, 0.2, 0.3]],
    [176.5, 200, [0, 50, 100, 150, 200]],
    [0, 1, [0, 1]],
  ])('tops %f hours at %f, with round gridlines', (max, top, ticks) => {
    const axis = hourTicks(max);
    expect(axis).toEqual({ top, ticks });
  });
});

describe('the bill in a locale', () => {
  it.each([
    ['en', '€8,587.50', '1,140.50', 'Nov 2', 'Nov 2, 2026', 'November 20, 2026 at 01:00 PM GMT+1'],
    ['de-DE', '8.587,50\u00a0€', '1.140,50', '2. Nov.', '2. Nov. 2026', '20. November 2026 um 13:00 MEZ'],
  ])('%s writes money, hours and dates as its readers do', (locale, money, hours, shortDay, longDay, instant) => {
    const format = billFormat(locale, 'EUR', 'Europe/Berlin');
    expect(format.money(8587.5)).toBe(money);
    expect(format.hours(1140.5)).toBe(hours);
    expect(format.day('2026-11-02', 'short')).toBe(shortDay);
    expect(format.day('2026-11-02', 'long')).toBe(longDay);
    expect(format.instant(Date.parse('2026-11-20T12:00:00Z'))).toBe(instant);
  });

  it('shows cents even for a currency written without them, so that every row still foots', () => {
    expect(billFormat('ja', 'JPY', 'Asia/Tokyo').money(1234.56)).toBe('￥1,234.56');
  });
});
