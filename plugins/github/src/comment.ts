import { type IssueTotals, toHours } from '@flowforge/core';

/** The hidden first line that marks FlowForge's one sticky comment on an issue. */
export const HOURS_MARKER = '<!-- flowforge:hours -->';

export interface RenderOptions {
  /** Add one row per contributor under the total. */
  perUser: boolean;
}

const hours = (seconds: number): string => toHours(seconds).toFixed(2);

/** User ids and pseudonyms are plain, but a `|` or a backslash would still break a table cell. */
const cell = (text: string): string => text.replace(/[\\|`*_[\]<>]/g, (character) => `\\${character}`);

/**
 * The body of the sticky comment: a small table of hours and billable hours. A pure function of
 * the totals, without a timestamp, so that the same totals give the same body byte for byte and
 * publishing twice writes nothing the second time. Contributors are sorted (most hours first,
 * then by name) so the input order does not matter either.
 */
export function renderHoursComment(totals: IssueTotals, options: RenderOptions): string {
  const lines = [
    HOURS_MARKER,
    '#### Time tracked',
    '',
    '| | Hours | Billable hours |',
    '| :-- | --: | --: |',
    `| **Total** | ${hours(totals.seconds)} | ${hours(totals.billableSeconds)} |`,
  ];
  if (options.perUser) {
    const contributors = [...totals.contributors].sort(
      (a, b) => b.seconds - a.seconds || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0),
    );
    for (const { user, seconds, billableSeconds } of contributors) {
      lines.push(`| ${cell(user)} | ${hours(seconds)} | ${hours(billableSeconds)} |`);
    }
  }
  lines.push('', '<sub>Published by FlowForge (`flowforge publish`); edits to this comment are replaced.</sub>');
  return lines.join('\n');
}

/** FlowForge's comment starts with the marker; a reply quoting it does not. */
export function isHoursComment(body: string | null | undefined): boolean {
  return body?.trimStart().startsWith(HOURS_MARKER) ?? false;
}

/** GitHub may hand a body back with CRLF line ends; equal text must count as equal. */
export function sameBody(stored: string | null | undefined, wanted: string): boolean {
  return (stored ?? '').replace(/\r\n/g, '\n').trim() === wanted.trim();
}
