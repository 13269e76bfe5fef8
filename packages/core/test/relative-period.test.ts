import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/time/period.js';
import { RELATIVE_PERIOD_NAMES, resolvePeriod } from '../src/time/relative-period.js';

describe('resolvePeriod', () => {
  it('asks for today only for a relative name', () => {
    let asked = 0;
    const today = () => {
      asked += 1;
      return '2027-01-01';
    };
    expect(resolvePeriod('2026-11', today)).toEqual(parsePeriod('2026-11'));
    expect(resolvePeriod(' last-month ', today)).toEqual({ kind: 'month', from: '2026-12-01', to: '2026-12-31' });
    expect(asked).toBe(1);
  });

  it('gives each name as the kind of period it stands for, holding today or just before it', () => {
    const today = '2026-03-01';
    const kinds = RELATIVE_PERIOD_NAMES.map((name) => [name, resolvePeriod(name, () => today)]);
    expect(Object.fromEntries(kinds)).toEqual({
      today: { kind: 'day', from: '2026-03-01', to: '2026-03-01' },
      yesterday: { kind: 'day', from: '2026-02-28', to: '2026-02-28' },
      'this-week': { kind: 'week', from: '2026-02-23', to: '2026-03-01' },
      'last-week': { kind: 'week', from: '2026-02-16', to: '2026-02-22' },
      'this-month': { kind: 'month', from: '2026-03-01', to: '2026-03-31' },
      'last-month': { kind: 'month', from: '2026-02-01', to: '2026-02-28' },
      'this-year': { kind: 'year', from: '2026-01-01', to: '2026-12-31' },
      'last-year': { kind: 'year', from: '2025-01-01', to: '2025-12-31' },
    });
  });

  it('refuses what is neither', () => {
    for (const text of ['next-month', 'Today', 'constructor', '']) expect(resolvePeriod(text, () => '2026-03-01')).toBeNull();
  });
});
