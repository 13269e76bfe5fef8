import { type FlowForgeError, type IssueTotals, isFlowForgeError, type Logger, type PlannedChange, type ProviderChange } from '@flowforge/core';
import type { Client } from '@notionhq/client';
import type { Octokit } from '@octokit/rest';
// The building blocks load lazily inside each plugin's provider, so they are not exports of
// the packages; these tests drive them from the sources.
import { createGitHubClient } from '../plugins/github/src/client.js';
import { HOURS_MARKER } from '../plugins/github/src/comment.js';
import { applyCommentChange, planIssueComments, type RepoRef, type SyncCommentsOptions } from '../plugins/github/src/sync.js';
import { createNotionClient } from '../plugins/notion/src/client.js';
import { resolveDataSource } from '../plugins/notion/src/data-source.js';
import { applyPageChange, planPages, type SyncPagesOptions } from '../plugins/notion/src/sync.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './helpers/fake-github.js';
import { type FakeNotion, startFakeNotion } from './helpers/fake-notion.js';

/** Plans, then applies each planned create or update, as the kernel's publish stage does outside a dry run. */
async function planThenApply<Data>(provider: string, planned: PlannedChange<Data>[], apply: (change: PlannedChange<Data>) => Promise<string>): Promise<ProviderChange[]> {
  const changes: ProviderChange[] = [];
  for (const change of planned) {
    const detail = change.action === 'create' || change.action === 'update' ? await apply(change) : change.detail;
    changes.push({ provider, issue: change.issue, action: change.action, detail });
  }
  return changes;
}

const syncIssueComments = async (octokit: Octokit, ref: RepoRef, totals: readonly IssueTotals[], options: SyncCommentsOptions = {}) =>
  planThenApply('github', await planIssueComments(octokit, ref, totals, options), (change) => applyCommentChange(octokit, ref, change));

const syncPages = async (client: Client, dataSourceId: string, totals: readonly IssueTotals[], options: SyncPagesOptions = {}) =>
  planThenApply('notion', await planPages(client, dataSourceId, totals, options), (change) => applyPageChange(client, dataSourceId, change, options));

/**
 * The providers through their real client libraries (Octokit with its retry and throttling
 * plugins; @notionhq/client) against local fakes of both APIs. Waits are measured on the fakes'
 * own arrival timestamps, never on the test's wall clock.
 */

const REPO = { owner: 'acme', repo: 'app' };

/** 3.50 h / 3.75 h billable by two people, and 0.50 h / 0.75 h by one. */
const TOTALS: IssueTotals[] = [
  {
    issue: '42',
    seconds: 12_600,
    billableSeconds: 13_500,
    contributors: [
      { user: 'bob', seconds: 3_600, billableSeconds: 3_600 },
      { user: 'alice', seconds: 9_000, billableSeconds: 9_900 },
    ],
  },
  { issue: '7', seconds: 1_800, billableSeconds: 2_700, contributors: [{ user: 'alice', seconds: 1_800, billableSeconds: 2_700 }] },
];

/** Issue 7 gains a quarter of an hour; issue 42 stays as it was. */
const CHANGED_TOTALS: IssueTotals[] = [
  TOTALS[0]!,
  { issue: '7', seconds: 2_700, billableSeconds: 3_600, contributors: [{ user: 'alice', seconds: 2_700, billableSeconds: 3_600 }] },
];

const NOTION_PROPERTIES = { issue: 'Issue', hours: 'Hours', billableHours: 'Billable hours' };

/** Timers may fire a hair early relative to another clock reading; nothing waits 50 ms less than asked. */
const EARLY_MS = 50;

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

interface Logged {
  method: string;
  path: string;
  status: number;
  at: number;
}

/** The request that got `status`, and the next one to the same method and path: its retry. */
function retryOf(requests: readonly Logged[], status: number): { failed: Logged; retry: Logged } {
  const index = requests.findIndex((request) => request.status === status);
  expect(index, `a request answered ${status}`).toBeGreaterThanOrEqual(0);
  const failed = requests[index]!;
  const retry = requests.slice(index + 1).find((request) => request.method === failed.method && request.path === failed.path);
  expect(retry, `a retry of ${failed.method} ${failed.path}`).toBeDefined();
  return { failed, retry: retry! };
}

function expectRetriedAfter(requests: readonly Logged[], status: number, retryAfterSeconds: number): void {
  const { failed, retry } = retryOf(requests, status);
  expect(retry.at - failed.at).toBeGreaterThanOrEqual(retryAfterSeconds * 1000 - EARLY_MS);
}

const isGitHubWrite = (request: Logged) => request.method === 'POST' || request.method === 'PATCH';
/** Notion queries are POSTs too; writes are the page creations and updates. */
const isNotionWrite = (request: Logged) => request.path.startsWith('/v1/pages');

describe('GitHub: one sticky comment per issue', () => {
  let github: FakeGitHub;
  const log = recordingLogger();
  const client = () => createGitHubClient({ token: github.token, baseUrl: github.url, logger: log.logger });

  beforeAll(async () => {
    github = await startFakeGitHub();
    github.addIssue('acme', 'app', 42);
    github.addIssue('acme', 'app', 7);
  });
  afterAll(() => github.close());

  // The three steps share one fake on purpose: they are one publish history, and GitHub's
  // content-creation pacing (one new comment per few seconds) makes re-creating it costly.
  it('first sync creates one comment per issue, waiting out a 403 secondary limit and a 429 per retry-after', async () => {
    github.failNext('secondaryRateLimit', 1, { retryAfter: 1 });
    // 2 s: the retry plugin's own back-off would be 1 s, so only honouring retry-after passes.
    github.failNext('rateLimit', 1, { retryAfter: 2, when: (request) => request.method === 'POST' });

    const changes = await syncIssueComments(client(), REPO, TOTALS, { logger: log.logger });

    expect(changes.map(({ issue, action }) => [issue, action])).toEqual([
      ['42', 'create'],
      ['7', 'create'],
    ]);
    const [on42] = github.commentsOn('acme', 'app', 42);
    expect(github.commentsOn('acme', 'app', 42)).toHaveLength(1);
    expect(github.commentsOn('acme', 'app', 7)).toHaveLength(1);
    expect(on42!.body.startsWith(HOURS_MARKER)).toBe(true);
    expect(on42!.body).toContain('| **Total** | 3.50 | 3.75 |');
    expect(on42!.body.indexOf('| alice | 2.50 | 2.75 |')).toBeLessThan(on42!.body.indexOf('| bob | 1.00 | 1.00 |'));

    expect(github.requests[0]).toMatchObject({ method: 'GET', path: '/repos/acme/app/issues/42', status: 403 });
    expectRetriedAfter(github.requests, 403, 1);
    expectRetriedAfter(github.requests, 429, 2);
    // The 429'd POST was sent again, not twice: one comment each, two created.
    expect(github.requests.filter((request) => request.method === 'POST').map((request) => request.status)).toEqual([429, 201, 201]);
    for (const request of github.requests) {
      expect(request.headers).toMatchObject({ 'x-github-api-version': '2022-11-28', authorization: 'accepted' });
    }
    expect(log.lines).toContainEqual(expect.stringMatching(/^warn: GitHub secondary rate limit on GET .*retrying in 1s/));
    expect(log.lines).toContainEqual(expect.stringMatching(/^warn: GitHub secondary rate limit on POST .*retrying in 2s/));
  });

  it('a second sync with the same totals writes nothing', async () => {
    const before = github.requests.length;
    const changes = await syncIssueComments(client(), REPO, TOTALS, { logger: log.logger });

    expect(changes.map(({ action }) => action)).toEqual(['unchanged', 'unchanged']);
    expect(github.requests.slice(before).filter(isGitHubWrite)).toEqual([]);
  });

  it("a change in one issue's totals edits exactly that issue's comment in place", async () => {
    const [on7] = github.commentsOn('acme', 'app', 7);
    const body42 = github.commentsOn('acme', 'app', 42)[0]!.body;
    const before = github.requests.length;

    const changes = await syncIssueComments(client(), REPO, CHANGED_TOTALS, { logger: log.logger });

    expect(changes.map(({ issue, action }) => [issue, action])).toEqual([
      ['42', 'unchanged'],
      ['7', 'update'],
    ]);
    const writes = github.requests.slice(before).filter(isGitHubWrite);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'PATCH', path: `/repos/acme/app/issues/comments/${on7!.id}`, status: 200 });
    expect(github.commentsOn('acme', 'app', 7)).toHaveLength(1);
    expect(github.commentsOn('acme', 'app', 7)[0]!.body).toContain('| **Total** | 0.75 | 1.00 |');
    expect(github.commentsOn('acme', 'app', 42)[0]!.body).toBe(body42);
    expect(log.lines.join('\n')).not.toContain(github.token);
  });
});

describe('GitHub: what is skipped, refused or only planned', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub();
  });
  afterAll(() => github.close());

  it('skips non-numeric issue keys with a warning, without a request', async () => {
    const log = recordingLogger();
    const before = github.requests.length;
    const totals = [{ ...TOTALS[0]!, issue: 'APP-9' }];

    const changes = await syncIssueComments(createGitHubClient({ token: github.token, baseUrl: github.url }), REPO, totals, {
      logger: log.logger,
    });

    expect(changes).toEqual([{ provider: 'github', issue: 'APP-9', action: 'skipped', detail: 'not a GitHub issue number' }]);
    expect(log.lines).toContainEqual(expect.stringMatching(/^warn: Skipped issue "APP-9": GitHub issue keys are numbers/));
    expect(github.requests.length).toBe(before);
  });

  it('skips an issue that does not exist (404) with a warning and publishes the others', async () => {
    github.addIssue('acme', 'app', 42);
    const log = recordingLogger();
    const totals = [{ ...TOTALS[1]!, issue: '99' }, TOTALS[0]!];

    const changes = await syncIssueComments(createGitHubClient({ token: github.token, baseUrl: github.url }), REPO, totals, {
      logger: log.logger,
    });

    expect(changes.map(({ issue, action }) => [issue, action])).toEqual([
      ['99', 'skipped'],
      ['42', 'create'],
    ]);
    expect(log.lines).toContainEqual('warn: Skipped issue 99: acme/app#99 does not exist (404).');
    expect(github.requests.filter((request) => request.path.startsWith('/repos/acme/app/issues/99'))).toEqual([
      expect.objectContaining({ method: 'GET', path: '/repos/acme/app/issues/99', status: 404 }),
    ]);
    expect(github.commentsOn('acme', 'app', 42)).toHaveLength(1);
  });

  it('finds its comment past the first page of comments and edits it in place', async () => {
    github.addIssue('acme', 'app', 5);
    for (let n = 0; n < 120; n += 1) github.addComment('acme', 'app', 5, `discussion ${n}`);
    const stale = github.addComment('acme', 'app', 5, `${HOURS_MARKER}\nold numbers`);
    const before = github.requests.length;

    const changes = await syncIssueComments(
      createGitHubClient({ token: github.token, baseUrl: github.url }),
      REPO,
      [{ ...TOTALS[1]!, issue: '5' }],
    );

    expect(changes.map(({ action }) => action)).toEqual(['update']);
    const requests = github.requests.slice(before);
    expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /repos/acme/app/issues/5',
      'GET /repos/acme/app/issues/5/comments?per_page=100',
      'GET /repos/acme/app/issues/5/comments?per_page=100&page=2',
      `PATCH /repos/acme/app/issues/comments/${stale.id}`,
    ]);
    expect(github.commentsOn('acme', 'app', 5)).toHaveLength(121);
  });

  it('planning reads but writes nothing, and says what it would write', async () => {
    github.addIssue('acme', 'app', 8);
    github.addIssue('acme', 'app', 9);
    const stale = github.addComment('acme', 'app', 8, `${HOURS_MARKER}\nold numbers`);
    const before = github.requests.length;
    const totals = [
      { ...TOTALS[0]!, issue: '8' },
      { ...TOTALS[1]!, issue: '9' },
    ];

    const planned = await planIssueComments(createGitHubClient({ token: github.token, baseUrl: github.url }), REPO, totals);

    expect(planned.map(({ issue, action, detail }) => ({ issue, action, detail }))).toEqual([
      { issue: '8', action: 'update', detail: `comment ${stale.id} (3.50 h, 3.75 h billable)` },
      { issue: '9', action: 'create', detail: 'a comment (0.50 h, 0.75 h billable)' },
    ]);
    expect(github.requests.slice(before).filter(isGitHubWrite)).toEqual([]);
    expect(github.commentsOn('acme', 'app', 8)).toEqual([stale]);
    expect(github.commentsOn('acme', 'app', 9)).toEqual([]);
  });

  it('a refused token fails with a clear error that names neither the token nor retries', async () => {
    github.addIssue('acme', 'app', 42);
    const badToken = 'ghp_BADtoken0123456789abcdefABCDEF012345';
    const log = recordingLogger();
    const before = github.requests.length;

    const failure = await syncIssueComments(createGitHubClient({ token: badToken, baseUrl: github.url, logger: log.logger }), REPO, TOTALS, {
      logger: log.logger,
    }).catch((thrown: unknown) => thrown);

    expect(isFlowForgeError(failure) && failure.code).toBe('FF_PROVIDER_AUTH');
    const error = failure as FlowForgeError;
    expect(error.message).toBe('GitHub refused the token (401 Bad credentials) while publishing to acme/app#42.');
    expect(error.hint).toMatch(/GITHUB_TOKEN/);
    expect(github.requests.slice(before)).toEqual([expect.objectContaining({ status: 401, headers: expect.objectContaining({ authorization: 'refused' }) })]);
    for (const text of [error.message, error.hint, String(error.stack), JSON.stringify(error), ...log.lines]) {
      expect(text).not.toContain(badToken);
      expect(text).not.toContain(github.token);
    }
  });
});

describe('Notion: one page per issue', () => {
  let notion: FakeNotion;
  let databaseId: string;
  let dataSourceId: string;
  const log = recordingLogger();
  const client = () => createNotionClient({ token: notion.token, baseUrl: notion.url, logger: log.logger });

  beforeAll(async () => {
    notion = await startFakeNotion();
    ({ databaseId } = notion.addDatabase([
      { name: 'Time', properties: { Issue: 'title', Hours: 'number', 'Billable hours': 'number', Notes: 'rich_text' } },
    ]));
  });
  afterAll(() => notion.close());

  // One publish history, as for GitHub: first sync, the same again, then one change.
  it('discovers the data source once, and the first sync creates one page per issue after a 429 per retry-after', async () => {
    notion.failNext('rateLimit', 1, { retryAfter: 1, when: (request) => request.method === 'POST' && request.path === '/v1/pages' });
    const notionClient = client();

    dataSourceId = await resolveDataSource(notionClient, { databaseId });
    const changes = await syncPages(notionClient, dataSourceId, TOTALS, { logger: log.logger, properties: NOTION_PROPERTIES });

    expect(changes.map(({ issue, action }) => [issue, action])).toEqual([
      ['42', 'create'],
      ['7', 'create'],
    ]);
    expect(notion.pagesIn(dataSourceId).map((page) => page.values)).toEqual([
      { Issue: '42', Hours: 3.5, 'Billable hours': 3.75 },
      { Issue: '7', Hours: 0.5, 'Billable hours': 0.75 },
    ]);
    expect(notion.requests.filter((request) => request.path.startsWith('/v1/databases/'))).toHaveLength(1);
    expectRetriedAfter(notion.requests, 429, 1);
    expect(notion.requests.filter(isNotionWrite).map((request) => request.status)).toEqual([429, 200, 200]);
    expect(notion.requests[1]).toMatchObject({
      method: 'POST',
      path: `/v1/data_sources/${dataSourceId}/query`,
      body: { filter: { property: 'Issue', title: { equals: '42' } } },
    });
    // Every page is planned (queried) before the first is written.
    expect(notion.requests[2]).toMatchObject({ path: `/v1/data_sources/${dataSourceId}/query`, body: { filter: { property: 'Issue', title: { equals: '7' } } } });
    expect(notion.requests[3]!.body).toMatchObject({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: { Issue: { title: [{ text: { content: '42' } }] }, Hours: { number: 3.5 }, 'Billable hours': { number: 3.75 } },
    });
    for (const request of notion.requests) {
      expect(request.headers).toMatchObject({ 'notion-version': '2025-09-03', authorization: 'accepted' });
    }
    // The client-side queue: requests start at least 1/3 s apart.
    for (let index = 1; index < notion.requests.length; index += 1) {
      expect(notion.requests[index]!.at - notion.requests[index - 1]!.at).toBeGreaterThanOrEqual(1000 / 3 - EARLY_MS);
    }
  });

  it('a second sync with the same totals writes nothing', async () => {
    const before = notion.requests.length;
    const changes = await syncPages(client(), dataSourceId, TOTALS, { logger: log.logger, properties: NOTION_PROPERTIES });

    expect(changes.map(({ action }) => action)).toEqual(['unchanged', 'unchanged']);
    expect(notion.requests.slice(before).filter(isNotionWrite)).toEqual([]);
  });

  it("a change in one issue's totals updates exactly that issue's page", async () => {
    const page7 = notion.pagesIn(dataSourceId).find((page) => page.values.Issue === '7')!;
    const before = notion.requests.length;

    const changes = await syncPages(client(), dataSourceId, CHANGED_TOTALS, { logger: log.logger, properties: NOTION_PROPERTIES });

    expect(changes.map(({ issue, action }) => [issue, action])).toEqual([
      ['42', 'unchanged'],
      ['7', 'update'],
    ]);
    const writes = notion.requests.slice(before).filter(isNotionWrite);
    expect(writes).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: `/v1/pages/${page7.id}`,
        body: { properties: { Hours: { number: 0.75 }, 'Billable hours': { number: 1 } } },
      }),
    ]);
    expect(notion.pagesIn(dataSourceId)).toHaveLength(2);
    expect(log.lines.join('\n')).not.toContain(notion.token);
  });
});

describe('Notion: refused or only planned', () => {
  let notion: FakeNotion;
  let dataSourceId: string;
  beforeAll(async () => {
    notion = await startFakeNotion();
    [dataSourceId] = notion.addDatabase().dataSourceIds as [string];
  });
  afterAll(() => notion.close());

  it('planning queries but writes nothing, and uses a given dataSourceId without discovery', async () => {
    const notionClient = createNotionClient({ token: notion.token, baseUrl: notion.url });
    expect(await resolveDataSource(notionClient, { dataSourceId })).toBe(dataSourceId);

    const planned = await planPages(notionClient, dataSourceId, TOTALS);

    expect(planned.map(({ issue, action, detail }) => ({ issue, action, detail }))).toEqual([
      { issue: '42', action: 'create', detail: 'a page (Hours 3.5)' },
      { issue: '7', action: 'create', detail: 'a page (Hours 0.5)' },
    ]);
    expect(notion.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST /v1/data_sources/${dataSourceId}/query`,
      `POST /v1/data_sources/${dataSourceId}/query`,
    ]);
    expect(notion.pagesIn(dataSourceId)).toEqual([]);
  });

  it('a refused token fails with a clear error that names no token', async () => {
    const badToken = 'ntn_BADtoken0123456789abcdefABCDEF012345';
    const log = recordingLogger();
    const before = notion.requests.length;

    const failure = await syncPages(createNotionClient({ token: badToken, baseUrl: notion.url, logger: log.logger }), dataSourceId, TOTALS, {
      logger: log.logger,
    }).catch((thrown: unknown) => thrown);

    expect(isFlowForgeError(failure) && failure.code).toBe('FF_PROVIDER_AUTH');
    const error = failure as FlowForgeError;
    expect(error.message).toBe(`Notion refused the token (401 unauthorized) while publishing to issue 42 in data source ${dataSourceId}.`);
    expect(error.hint).toMatch(/NOTION_TOKEN/);
    expect(notion.requests.slice(before)).toEqual([expect.objectContaining({ status: 401, headers: expect.objectContaining({ authorization: 'refused' }) })]);
    for (const text of [error.message, error.hint, String(error.stack), JSON.stringify(error), ...log.lines]) {
      expect(text).not.toContain(badToken);
      expect(text).not.toContain(notion.token);
    }
  });
});
