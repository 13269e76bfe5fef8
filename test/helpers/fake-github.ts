import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, json, listenOnLoopback, readBody, type Reply } from './http-fake.js';

/**
 * A local stand-in for the GitHub REST API (the issue and issue-comment endpoints), on
 * 127.0.0.1 and a free port, for driving the real Octokit through `baseUrl`. Shapes follow
 * GitHub's REST reference for API version 2022-11-28:
 * - `GET /repos/{owner}/{repo}/issues/{n}` → the issue, or 404 `{ message: 'Not Found' }`;
 * - `GET .../issues/{n}/comments?per_page&page` → comments by ascending id, 30 a page by
 *   default and 100 at most, with a `link` header (`rel="next"`, `rel="last"`, ...) when there
 *   is more than one page;
 * - `POST .../issues/{n}/comments` `{ body }` → 201 and the comment;
 * - `PATCH /repos/{owner}/{repo}/issues/comments/{id}` `{ body }` → 200 and the comment.
 * A token other than the configured one gets 401 `Bad credentials`. Rate limits are what the
 * docs describe: 403 or 429 with a message that names a secondary rate limit and `retry-after`.
 */

export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issue: number;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface FakeGitHubState {
  /** Issues that exist, as `owner/repo#number`; any other issue is a 404. */
  issues: Set<string>;
  /** Every comment on every issue, oldest first. */
  comments: FakeComment[];
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/repos/acme/app/issues/42/comments?per_page=100`. */
  path: string;
  /** The headers a test may assert on; the credential is replaced by whether it was accepted. */
  headers: {
    authorization?: 'accepted' | 'refused';
    accept?: string;
    'user-agent'?: string;
    'x-github-api-version'?: string;
    'content-type'?: string;
  };
  body: unknown;
  status: number;
  /** When the request arrived, in ms (`performance.now()`), to measure waits between retries. */
  at: number;
}

export type GitHubFailure = 'unauthorized' | 'secondaryRateLimit' | 'rateLimit' | 'serverError';

export interface FailOptions {
  /** The `retry-after` header in seconds, for rate limits; default 1. */
  retryAfter?: number;
  /** Fail only requests that match; default every request. */
  when?: (request: { method: string; path: string }) => boolean;
}

export interface FakeGitHub {
  url: string;
  /** The token the fake accepts. */
  token: string;
  requests: RecordedRequest[];
  state: FakeGitHubState;
  /** Seeds an issue that exists. */
  addIssue(owner: string, repo: string, issue: number): void;
  /** Seeds a comment (by someone else, or an older FlowForge comment) and returns it. */
  addComment(owner: string, repo: string, issue: number, body: string): FakeComment;
  commentsOn(owner: string, repo: string, issue: number): FakeComment[];
  /** The next `count` matching requests fail this way (rules are used in the order given). */
  failNext(kind: GitHubFailure, count?: number, options?: FailOptions): void;
  close(): Promise<void>;
}

interface FailureRule extends FailOptions {
  kind: GitHubFailure;
  remaining: number;
}

const DOCS = 'https://docs.github.com/rest';
const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

export async function startFakeGitHub(options: { token?: string } = {}): Promise<FakeGitHub> {
  const token = options.token ?? `ghp_fake${randomUUID().replace(/-/g, '')}`;
  const state: FakeGitHubState = { issues: new Set(), comments: [] };
  const requests: RecordedRequest[] = [];
  const rules: FailureRule[] = [];
  let nextCommentId = 1_000;
  let url = '';

  const issueKey = (owner: string, repo: string, issue: number) => `${owner}/${repo}#${issue}`;
  const commentsOn = (owner: string, repo: string, issue: number) =>
    state.comments.filter((comment) => comment.owner === owner && comment.repo === repo && comment.issue === issue);
  const addComment = (owner: string, repo: string, issue: number, body: string): FakeComment => {
    const now = new Date().toISOString();
    const comment = { id: nextCommentId++, owner, repo, issue, body, created_at: now, updated_at: now };
    state.comments.push(comment);
    return comment;
  };
  const commentJson = (comment: FakeComment) => ({
    id: comment.id,
    node_id: `IC_fake${comment.id}`,
    url: `${url}/repos/${comment.owner}/${comment.repo}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${comment.owner}/${comment.repo}/issues/${comment.issue}#issuecomment-${comment.id}`,
    issue_url: `${url}/repos/${comment.owner}/${comment.repo}/issues/${comment.issue}`,
    body: comment.body,
    user: { login: 'flowforge-bot', id: 1, type: 'Bot' },
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: 'NONE',
  });

  function route(method: string, path: string, query: URLSearchParams, body: unknown): Reply {
    let match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(path);
    if (match && method === 'GET') {
      const [, owner = '', repo = '', number = ''] = match;
      if (!state.issues.has(issueKey(owner, repo, Number(number)))) return notFound('issues/issues#get-an-issue');
      return json(200, {
        id: Number(number) + 500_000,
        number: Number(number),
        title: `Issue ${number}`,
        state: 'open',
        locked: false,
        comments: commentsOn(owner, repo, Number(number)).length,
      });
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    if (match) {
      const [, owner = '', repo = '', number = ''] = match;
      const issue = Number(number);
      if (!state.issues.has(issueKey(owner, repo, issue))) return notFound('issues/comments');
      if (method === 'GET') return listComments(owner, repo, issue, path, query);
      if (method === 'POST') {
        const text = (body as { body?: unknown } | null)?.body;
        if (typeof text !== 'string') return json(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: `${DOCS}/issues/comments#create-an-issue-comment`, status: '422' });
        const created = commentJson(addComment(owner, repo, issue, text));
        return json(201, created, { location: created.url });
      }
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (match && method === 'PATCH') {
      const [, owner, repo, id] = match;
      const comment = state.comments.find((candidate) => candidate.id === Number(id) && candidate.owner === owner && candidate.repo === repo);
      if (!comment) return notFound('issues/comments#update-an-issue-comment');
      const text = (body as { body?: unknown } | null)?.body;
      if (typeof text !== 'string') return json(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: `${DOCS}/issues/comments#update-an-issue-comment`, status: '422' });
      comment.body = text;
      comment.updated_at = new Date().toISOString();
      return json(200, commentJson(comment));
    }
    return notFound('');
  }

  function listComments(owner: string, repo: string, issue: number, path: string, query: URLSearchParams): Reply {
    const perPage = Math.min(Math.max(Number(query.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    const all = commentsOn(owner, repo, issue);
    const last = Math.max(Math.ceil(all.length / perPage), 1);
    const pageUrl = (n: number) => `<${url}${path}?per_page=${perPage}&page=${n}>`;
    const links: string[] = [];
    if (page > 1) links.push(`${pageUrl(page - 1)}; rel="prev"`);
    if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(1)}; rel="first"`);
    const slice = all.slice((page - 1) * perPage, page * perPage).map(commentJson);
    return json(200, slice, links.length > 0 ? { link: links.join(', ') } : {});
  }

  function failure(kind: GitHubFailure, retryAfter: number): Reply {
    switch (kind) {
      case 'unauthorized':
        return json(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      case 'secondaryRateLimit':
      case 'rateLimit':
        // GitHub's docs: a secondary limit answers 403 or 429 with a message that says so and,
        // often, retry-after; x-ratelimit-remaining is not 0 (that would be the primary limit).
        return json(
          kind === 'secondaryRateLimit' ? 403 : 429,
          { message: SECONDARY_LIMIT_MESSAGE, documentation_url: `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits`, status: kind === 'secondaryRateLimit' ? '403' : '429' },
          { 'retry-after': String(retryAfter) },
        );
      case 'serverError':
        return json(500, { message: 'Server Error', status: '500' });
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const target = new URL(request.url ?? '/', 'http://fake.invalid');
    const method = request.method ?? 'GET';
    const text = await readBody(request);
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const credential = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const accepted = credential === token;

    const rule = rules.find((candidate) => candidate.remaining > 0 && (candidate.when?.({ method, path: target.pathname }) ?? true));
    let reply: Reply;
    if (rule) {
      rule.remaining -= 1;
      reply = failure(rule.kind, rule.retryAfter ?? 1);
    } else if (!accepted) {
      reply = failure('unauthorized', 0);
    } else {
      reply = route(method, target.pathname, target.searchParams, body);
    }

    const header = (name: string) => request.headers[name] as string | undefined;
    requests.push({
      method,
      path: `${target.pathname}${target.search}`,
      headers: {
        ...(request.headers.authorization ? { authorization: accepted ? 'accepted' : 'refused' } : {}),
        ...pick({ accept: header('accept'), 'user-agent': header('user-agent'), 'x-github-api-version': header('x-github-api-version'), 'content-type': header('content-type') }),
      },
      body,
      status: reply.status,
      at,
    });
    response.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': randomUUID(),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    });
    response.end(JSON.stringify(reply.body));
  }

  url = await listenOnLoopback(server);

  return {
    url,
    token,
    requests,
    state,
    addIssue: (owner, repo, issue) => void state.issues.add(issueKey(owner, repo, issue)),
    addComment,
    commentsOn,
    failNext: (kind, count = 1, failOptions = {}) => void rules.push({ kind, remaining: count, ...failOptions }),
    close: () => closeServer(server),
  };
}


const notFound = (docsPath: string): Reply =>
  json(404, { message: 'Not Found', documentation_url: `${DOCS}/${docsPath}`, status: '404' });

function pick<T extends Record<string, string | undefined>>(headers: T): Partial<T> {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Partial<T>;
}

