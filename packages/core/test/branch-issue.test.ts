import { describe, expect, it } from 'vitest';
import { issueOfBranch } from '../src/tracking/branch-issue.js';

describe('issueOfBranch', () => {
  it.each([
    ['feature/123-login', '123'],
    ['PROJ-42-fix', 'PROJ-42'],
    ['feature/PROJ-42-fix-2', 'PROJ-42'],
    ['release2/AB1-7', 'AB1-7'],
    ['proj-42-lowercase', '42'],
    ['main', null],
    ['develop', null],
    ['bugfix/7', '7'],
    ['issue_45_typo', '45'],
    ['feature/#12-x', '12'],
    // Versions and words with digits are no issue: a followed branch must not move time to them.
    ['release/2.3-rc', null],
    ['chore/bump-lodash-4.17.21', null],
    ['feature/oauth2-login', null],
    ['v2/cache-77', '77'],
  ])('by default, %s → %s', (branch, issue) => {
    expect(issueOfBranch(branch)).toBe(issue);
  });

  it('with a pattern: its first group, else its whole match; never something that is no issue key', () => {
    expect(issueOfBranch('v2/issue-77-cache', 'issue-(\\d+)')).toBe('77');
    expect(issueOfBranch('feature/app-9-x', '[a-z]+-\\d+')).toBe('app-9');
    expect(issueOfBranch('feature/app-9-x', '[a-z]+-\\d+$')).toBeNull();
    expect(issueOfBranch('feature/123', 'JIRA-\\d+')).toBeNull();
    expect(issueOfBranch('feature/123', '\\d*(x?)')).toBeNull(); // an empty match is no issue
  });
});
