import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isFlowForgeError } from '../src/errors.js';
import { defaultRepoName, loadOrgFile } from '../src/org/org-file.js';
import { ratesOfRepo, ratesOfRepoConfig } from '../src/org/org-rates.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function orgDir(text: string, name = 'flowforge.org.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowforge-org-file-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), text);
  return dir;
}

async function problemsOf(text: string, name?: string): Promise<string> {
  try {
    await loadOrgFile(orgDir(text, name));
  } catch (error) {
    if (isFlowForgeError(error)) return `${error.code} ${error.message}`;
    throw error;
  }
  throw new Error('the org file was accepted');
}

describe('the org file', () => {
  it('names a repository after its URL unless told otherwise', () => {
    expect(defaultRepoName('git@github.com:acme/api.git')).toBe('api');
    expect(defaultRepoName('file:///srv/git/app.git/')).toBe('app');
    expect(defaultRepoName('https://example.com/acme/web')).toBe('web');
  });

  it('fills in defaults, and reads YAML as data', async () => {
    const org = await loadOrgFile(orgDir('repos:\n  - file:///srv/git/app.git\n  - { url: "git@github.com:acme/api.git", group: client-x, rates: repo }\n', 'flowforge.org.yaml'));
    expect(org.repos).toEqual([
      { name: 'app', url: 'file:///srv/git/app.git', ref: 'HEAD', group: null, rates: 'org' },
      { name: 'api', url: 'git@github.com:acme/api.git', ref: 'HEAD', group: 'client-x', rates: 'repo' },
    ]);
    expect(org.currency).toBe('EUR');
    expect(org.concurrency).toBe(8);
  });

  it('reports every problem at once, each by its path', async () => {
    const message = await problemsOf(JSON.stringify({ repos: [{ url: 'ext::sh -c touch% /tmp/x' }, { url: 'a.git', ref: '--upload-pack=x' }], fetch: { concurrency: 0 }, colour: 1 }));
    expect(message).toMatch(/^FF_ORG_FILE_INVALID /);
    expect(message).toContain('repos[0].url: expected a git URL');
    expect(message).toContain('repos[1].ref: expected a branch, tag or HEAD');
    expect(message).toContain('fetch.concurrency:');
    expect(message).toContain('colour: unknown setting');
    expect(await problemsOf('{ "repos": [')).toMatch(/^FF_ORG_FILE_SYNTAX /);
    expect(await problemsOf('{ "repos": [] }')).toContain('repos: expected at least one repository');
  });

  it('refuses a repository listed twice, under another name or at another ref: its time would be billed twice', async () => {
    const twice = await problemsOf(JSON.stringify({ repos: ['file:///srv/git/app.git', { url: 'file:///srv/git/app.git/', name: 'app2' }, { url: 'file:///srv/git/app', name: 'app3', ref: 'release' }] }));
    expect(twice).toMatch(/^FF_ORG_FILE_INVALID /);
    expect(twice).toContain('repos[1]: the repository of repos[0] again (file:///srv/git/app.git/)');
    expect(twice).toContain('repos[2]: the repository of repos[0] again (file:///srv/git/app)');
    const org = await loadOrgFile(orgDir(JSON.stringify({ repos: ['file:///srv/git/app.git', 'file:///srv/git/apple.git'] })));
    expect(org.repos.map((repo) => repo.name)).toEqual(['app', 'apple']);
  });
});

describe('the rates of a repository', () => {
  const org = { rates: { default: 100, users: { alice: 120 }, repos: { api: 130 }, issues: { 'api#42': 150, 'web#42': 90 } } };

  it('most specific first: repo#issue, user, repo, default', () => {
    expect(ratesOfRepo(org, { name: 'api' })).toEqual({ default: 130, users: { alice: 120 }, issues: { '42': 150 } });
    expect(ratesOfRepo(org, { name: 'app' })).toEqual({ default: 100, users: { alice: 120 }, issues: {} });
  });

  it("a repository that bills itself keeps its own rates, under the org file's repo#issue rates", async () => {
    const own = await ratesOfRepoConfig('web', { billing: { currency: 'EUR', rates: { default: 80, issues: { '42': 70, '7': 60 } } }, plugins: ['x'] }, 'EUR');
    expect(ratesOfRepo(org, { name: 'web' }, own)).toEqual({ default: 80, users: {}, issues: { '42': 90, '7': 60 } });
    await expect(ratesOfRepoConfig('web', { billing: { currency: 'USD' } }, 'EUR')).rejects.toThrow(/bills in USD, the org in EUR/);
  });
});
