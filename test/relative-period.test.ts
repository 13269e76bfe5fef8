import { describe, expect, it } from 'vitest';
import type { CliResult } from './helpers/cli.js';
import { runCli } from './helpers/cli.js';
import { entry, envOf, makeTeamRepo, report, type ReportJson, track } from './helpers/report-team.js';

/**
 * `report --period today | yesterday | this-week | … | last-year`: the built CLI in a Berlin team's
 * repo, at instants where the team's local day is not the UTC one, and around the turn of a year.
 */

/** The days `--period name` bills when "now" is `now`, as `report --format json` states them. */
function daysOf(repo: string, name: string, now: string): { from: string; to: string } {
  const result = report(repo, ['--format', 'json', '--period', name], { FLOWFORGE_NOW: now, TZ: 'UTC' });
  expect(result.code, result.stderr).toBe(0);
  const { from, to } = JSON.parse(result.stdout) as ReportJson;
  return { from, to };
}

function expectUserError(result: CliResult, code: string): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`^${code} `));
  expect(result.stderr).toContain('\nhint: ');
}

describe('relative periods', () => {
  it('resolves each name from FLOWFORGE_NOW in the team’s zone, not the machine’s', () => {
    const repo = makeTeamRepo();
    // 23:30 UTC on Monday 30 November is 00:30 on Tuesday 1 December in Berlin; TZ says UTC.
    const now = '2026-11-30T23:30:00Z';
    expect(daysOf(repo, 'today', now)).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(daysOf(repo, 'yesterday', now)).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(daysOf(repo, 'this-week', now)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(daysOf(repo, 'last-week', now)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(daysOf(repo, 'this-month', now)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(daysOf(repo, 'last-month', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(daysOf(repo, 'this-year', now)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(daysOf(repo, 'last-year', now)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('takes ISO weeks across the turn of a year, and December as January’s last month', () => {
    const repo = makeTeamRepo();
    // Thursday 31 December 2026 is in 2026-W53, which ends on Sunday 3 January 2027.
    expect(daysOf(repo, 'this-week', '2026-12-31T12:00:00Z')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(daysOf(repo, 'this-week', '2027-01-02T12:00:00Z')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(daysOf(repo, 'last-week', '2027-01-05T12:00:00Z')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(daysOf(repo, 'last-month', '2027-01-15T12:00:00Z')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(daysOf(repo, 'last-year', '2027-01-01T00:30:00Z')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('bills what the period it stands for bills', () => {
    const repo = makeTeamRepo({ rates: { default: 100 } });
    track(repo, 'alice', [entry('42', '2026-10-05T09:00', '2026-10-05T11:00'), entry('7', '2026-11-20T09:00', '2026-11-20T09:30')]);
    const at = { FLOWFORGE_NOW: '2026-11-20T12:00:00Z' };
    const rowsOf = (period: string) => {
      const result = report(repo, ['--format', 'json', '--period', period], at);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as ReportJson).rows;
    };
    expect(rowsOf('last-month')).toEqual([{ user: 'alice', issue: '42', hours: 2, billableHours: 2, rate: 100, amount: 200 }]);
    expect(rowsOf('last-month')).toEqual(rowsOf('2026-10'));
    expect(rowsOf('today')).toEqual([{ user: 'alice', issue: '7', hours: 0.5, billableHours: 0.5, rate: 100, amount: 50 }]);
  });

  it('refuses a name finer than the team’s granularity, and a name that is not one', () => {
    // The granularity a report keeps to is that of the team files it reads: each team tracked a little.
    const weekly = makeTeamRepo({ granularity: { period: 'week' } });
    track(weekly, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    const at = { FLOWFORGE_NOW: '2026-11-20T12:00:00Z' };
    for (const name of ['today', 'yesterday']) expectUserError(report(weekly, ['--period', name], at), 'FF_PERIOD_TOO_FINE');
    for (const name of ['this-week', 'last-week']) expect(report(weekly, ['--period', name], at).code).toBe(0);
    const monthly = makeTeamRepo({ granularity: { period: 'month' } });
    track(monthly, 'alice', [entry('42', '2026-11-02T09:00', '2026-11-02T10:00')]);
    const week = report(monthly, ['--period', 'this-week'], at);
    expectUserError(week, 'FF_PERIOD_TOO_FINE');
    expect(week.stderr).toContain('2026-11-16 to 2026-11-22 cannot be reported');
    for (const name of ['this-month', 'last-year']) expect(report(monthly, ['--period', name], at).code).toBe(0);

    const unknown = report(monthly, ['--period', 'next-month'], at);
    expectUserError(unknown, 'FF_BAD_PERIOD');
    expect(unknown.stderr).toContain('this-week, last-week, this-month, last-month');
  });

  it('takes the same names in `log`, in the developer’s own zone', () => {
    const repo = makeTeamRepo();
    track(repo, 'alice', [entry('42', '2026-11-09T09:00', '2026-11-09T10:00'), entry('7', '2026-11-16T09:00', '2026-11-16T09:30')], { aggregate: false });
    const log = (...args: string[]) => runCli(['log', '--json', ...args], { cwd: repo, env: { ...envOf('alice'), FLOWFORGE_NOW: '2026-11-18T12:00:00Z' } });
    const issuesOf = (result: CliResult) => {
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { entries: { issue: string }[] }).entries.map((logged) => logged.issue);
    };
    expect(issuesOf(log('--period', 'last-week'))).toEqual(['42']);
    expect(issuesOf(log('--period', 'this-week'))).toEqual(['7']);
    expect(issuesOf(log('--period', 'this-month'))).toEqual(['42', '7']);
    expectUserError(log('--period', 'last-week', '--from', '2026-11-01'), 'FF_USAGE');
    expectUserError(log('--period', 'fortnight'), 'FF_BAD_PERIOD');
  });
});
