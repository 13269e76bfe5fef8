import { describe, expect, it } from 'vitest';
import { formatIntegrityTable, hasUnexplained, type V1Total } from '../src/index.js';

const row = (overrides: Partial<V1Total>): V1Total => ({
  user: 'alice',
  issue: '1',
  v1Seconds: 3600,
  importedSeconds: 3600,
  differenceSeconds: 0,
  reasons: [],
  explained: true,
  ...overrides,
});

describe('formatIntegrityTable', () => {
  it('aligns the columns, puts further reasons on their own lines and counts unexplained rows', () => {
    const table = formatIntegrityTable([
      row({}),
      row({ user: 'bob', issue: '12345', v1Seconds: 9000, importedSeconds: 0, differenceSeconds: -9000, reasons: ['first reason', 'second reason'] }),
      row({ user: 'carol', v1Seconds: 3600, importedSeconds: 10_800, differenceSeconds: 7200, reasons: ['unexplained: why'], explained: false }),
    ]);
    expect(table).toBe(
      [
        'user   issue  v1 total  v2 total  difference  reason',
        'alice  1            1h        1h          0s',
        'bob    12345     2h30m        0s      -2h30m  first reason',
        '                                              second reason',
        'carol  1            1h        3h         +2h  unexplained: why',
        '',
        '3 user × issue rows, 1 unexplained',
        '',
      ].join('\n'),
    );
  });

  it('prints a header and a summary for an empty file', () => {
    expect(formatIntegrityTable([])).toBe('user  issue  v1 total  v2 total  difference  reason\n\n0 user × issue rows, 0 unexplained\n');
  });
});

describe('hasUnexplained', () => {
  it('is true as soon as one row is unexplained', () => {
    expect(hasUnexplained([])).toBe(false);
    expect(hasUnexplained([row({})])).toBe(false);
    expect(hasUnexplained([row({}), row({ explained: false })])).toBe(true);
  });
});
