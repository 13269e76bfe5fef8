import { describe, expect, it } from 'vitest';
import { git } from './helpers/repo.js';
import { entry, makeTeamRepo, report, track } from './helpers/report-team.js';

/**
 * What the HTML report says beyond the figures: money in the team's locale, when it was made and
 * from which commit, and the step of its hours chart. (How it renders: report-html.test.ts.)
 */

const NOVEMBER = ['--period', '2026-11', '--format', 'html'];

/** The report's "Generated … from …" line. */
const metaLine = (html: string): string => /<p class="meta">Generated .*<\/p>/.exec(html)?.[0] ?? '';

/** `git log -1` of `rev`: the full and the abbreviated hash. */
function commitOf(repo: string, rev = 'HEAD'): { hash: string; short: string } {
  const [hash = '', short = ''] = git(repo, 'log', '-1', '--format=%H %h', rev).split(' ');
  return { hash, short };
}

function commitTeamLayer(repo: string, message: string): void {
  git(repo, 'add', 'flowforge.config.mjs', '.flowforge/team');
  git(repo, 'commit', '--quiet', '-m', message);
}

describe('money, hours and dates in the team’s locale (billing.locale)', () => {
  it.each([
    [undefined, 'en', '€1,000.00', '10.00', 'November 20, 2026 at 01:00 PM GMT+1'],
    ['de-DE', 'de-DE', '1.000,00\u00a0€', '10,00', '20. November 2026 um 13:00 MEZ'],
  ])('billing.locale %s: <html lang="%s">, %s', (locale, lang, amount, hours, generated) => {
    const repo = makeTeamRepo({ rates: { default: 100 }, ...(locale ? { locale } : {}) });
    track(repo, 'bob', [entry('PROJ-101', '2026-11-05T08:00', '2026-11-05T18:00')]);
    const result = report(repo, NOVEMBER);
    expect(result.stderr).toBe('');
    const html = result.stdout;
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<div><dt>Amount</dt><dd>${amount}</dd></div>`);
    expect(html).toContain(`<div><dt>Hours</dt><dd>${hours}</dd></div>`);
    expect(html).toContain(`<tr><td>bob</td><td>PROJ-101</td><td class="num">${hours}</td>`);
    expect(html).toContain(`${generated}</time>`);
    // The other formats are for machines and terminals: never localised.
    expect(report(repo, ['--period', '2026-11', '--format', 'csv']).stdout).toContain('bob,PROJ-101,10.00,10.00,100.00,1000.00\r\n');
  });

  it('refuses a locale Node does not know, naming the setting (exit 2)', () => {
    const repo = makeTeamRepo({ locale: 'xx-YY' });
    const result = report(repo, NOVEMBER);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^FF_CONFIG_INVALID /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).toContain('billing.locale: expected a language tag that Node knows, such as "en", "en-GB" or "de-DE"');
  });
});

describe('the commit a report was made from', () => {
  it('--ref: the commit the branch or tag names when the report was made, and the figures of that commit', () => {
    const repo = makeTeamRepo({ rates: { default: 100 } });
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    commitTeamLayer(repo, 'Time up to Nov 2');
    git(repo, 'tag', 'billed-nov-2');
    const tagged = commitOf(repo);
    track(repo, 'alice', [entry('42', '2026-11-03T09:00', '2026-11-03T12:00')]);
    commitTeamLayer(repo, 'Time up to Nov 3');

    const html = report(repo, [...NOVEMBER, '--ref', 'billed-nov-2']).stdout;
    expect(metaLine(html)).toContain(`from commit <code class="commit" title="${tagged.hash}">${tagged.short}</code> (<code>billed-nov-2</code>).</p>`);
    expect(html).toContain('<div><dt>Hours</dt><dd>1.00</dd></div>');
    const head = commitOf(repo);
    expect(metaLine(report(repo, NOVEMBER).stdout)).toContain(`from commit <code class="commit" title="${head.hash}">${head.short}</code>.</p>`);
  });

  it('the work tree: says when its team files are not all committed, so the figures are not the commit’s', () => {
    const repo = makeTeamRepo({ rates: { default: 100 } });
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    commitTeamLayer(repo, 'Time up to Nov 2');
    track(repo, 'alice', [entry('42', '2026-11-03T09:00', '2026-11-03T12:00')]);
    const head = commitOf(repo);
    const html = report(repo, NOVEMBER).stdout;
    expect(metaLine(html)).toContain(`from the work tree at commit <code class="commit" title="${head.hash}">${head.short}</code>, with team files not committed yet.</p>`);
    expect(html).toContain('<div><dt>Hours</dt><dd>4.00</dd></div>');
  });

  it('a repository with no commit yet says so', () => {
    const repo = makeTeamRepo();
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    expect(metaLine(report(repo, NOVEMBER).stdout)).toContain('from the work tree of a repository with no commit yet.</p>');
  });
});

describe('the hours chart’s step', () => {
  it('by week for a quarter, by month for a year, by week for weekly summaries even over a month', () => {
    const repo = makeTeamRepo();
    track(repo, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00'), entry('42', '2026-11-10T09:00', '2026-11-10T11:30')]);
    const caption = (html: string) => /<figcaption>([^<]*)<\/figcaption>/.exec(html)?.[1];
    const barTitles = (html: string) => [...html.matchAll(/<rect class="hours-bar" [^>]*><title>([^<]*)<\/title>/g)].map((match) => match[1]);

    const quarter = report(repo, ['--from', '2026-10-01', '--to', '2026-12-31', '--format', 'html']).stdout;
    expect(caption(quarter)).toBe('Hours per week');
    expect(barTitles(quarter)).toEqual(['Week of Nov 2, 2026: 1.00 h', 'Week of Nov 9, 2026: 2.50 h']);

    const year = report(repo, ['--period', '2026', '--format', 'html']).stdout;
    expect(caption(year)).toBe('Hours per month');
    expect(barTitles(year)).toEqual(['Nov 2026: 3.50 h']);

    const weekly = makeTeamRepo({ rates: { default: 100 }, granularity: { period: 'week' } });
    track(weekly, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    const month = report(weekly, ['--from', '2026-11-02', '--to', '2026-11-29', '--format', 'html']);
    expect(month.stderr).toBe('');
    expect(caption(month.stdout)).toBe('Hours per week');
    expect(barTitles(month.stdout)).toEqual(['Week of Nov 2, 2026: 1.00 h']);
  });
});
