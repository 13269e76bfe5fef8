import { describe, expect, it } from 'vitest';
import { HOURS_MARKER, isHoursComment, renderHoursComment, sameBody } from '../src/comment.js';

const totals = {
  issue: '42',
  seconds: 12_600,
  billableSeconds: 13_500,
  contributors: [
    { user: 'bob', seconds: 3_600, billableSeconds: 3_600 },
    { user: 'a|b', seconds: 9_000, billableSeconds: 9_900 },
  ],
};

describe('renderHoursComment', () => {
  it('renders the marker and a table of hours, contributors by most hours, cells escaped', () => {
    expect(renderHoursComment(totals, { perUser: true })).toBe(
      [
        HOURS_MARKER,
        '#### Time tracked',
        '',
        '| | Hours | Billable hours |',
        '| :-- | --: | --: |',
        '| **Total** | 3.50 | 3.75 |',
        '| a\\|b | 2.50 | 2.75 |',
        '| bob | 1.00 | 1.00 |',
        '',
        '<sub>Published by FlowForge (`flowforge publish`); edits to this comment are replaced.</sub>',
      ].join('\n'),
    );
  });

  it('is the same for the same totals in any order, and leaves contributors out when asked', () => {
    const reversed = { ...totals, contributors: [...totals.contributors].reverse() };
    expect(renderHoursComment(reversed, { perUser: true })).toBe(renderHoursComment(totals, { perUser: true }));
    expect(renderHoursComment(totals, { perUser: false })).not.toContain('bob');
  });
});

describe('finding and comparing the sticky comment', () => {
  it('recognises only a comment that starts with the marker', () => {
    expect(isHoursComment(`\n${HOURS_MARKER}\n| ... |`)).toBe(true);
    expect(isHoursComment(`> ${HOURS_MARKER}`)).toBe(false);
    expect(isHoursComment(null)).toBe(false);
  });

  it('treats CRLF line ends as equal text', () => {
    const body = renderHoursComment(totals, { perUser: true });
    expect(sameBody(body.replace(/\n/g, '\r\n'), body)).toBe(true);
    expect(sameBody(body.replace('3.50', '3.25'), body)).toBe(false);
  });
});
