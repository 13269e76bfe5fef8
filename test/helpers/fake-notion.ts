import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, json, listenOnLoopback, readBody, type Reply } from './http-fake.js';

/**
 * A local stand-in for the Notion API, version 2025-09-03 (databases contain data sources;
 * pages live in a data source), on 127.0.0.1 and a free port, for driving the real
 * `@notionhq/client` through `baseUrl`. Shapes follow Notion's API reference:
 * - `GET /v1/databases/{id}` → `{ object: 'database', id, data_sources: [{ id, name }], ... }`;
 * - `POST /v1/data_sources/{id}/query` `{ filter, page_size, start_cursor }` → a `list` of pages,
 *   with `has_more` / `next_cursor`; the filter supports `{ property, title|rich_text: { equals } }`;
 * - `POST /v1/pages` `{ parent: { type: 'data_source_id', data_source_id }, properties }` → the page;
 * - `PATCH /v1/pages/{id}` `{ properties }` → the page.
 * Every request needs `Notion-Version: 2025-09-03` (else 400 `missing_version` or
 * `validation_error`) and `Authorization: Bearer <token>` (else 401 `unauthorized`). Errors are
 * `{ object: 'error', status, code, message, request_id }`. Property names are checked against
 * the data source's schema, and values against the property's type, as Notion does (400).
 */

export type NotionPropertyType = 'title' | 'number' | 'rich_text';

export interface FakeDataSource {
  id: string;
  name: string;
  databaseId: string;
  /** Schema: property name → type. */
  properties: Record<string, NotionPropertyType>;
}

export interface FakePage {
  id: string;
  dataSourceId: string;
  /** Plain values: the title's text, a number (or null), a rich text's text. */
  values: Record<string, string | number | null>;
  created_time: string;
  last_edited_time: string;
}

export interface FakeNotionState {
  databases: Map<string, { id: string; title: string; dataSourceIds: string[] }>;
  dataSources: Map<string, FakeDataSource>;
  pages: FakePage[];
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/data_sources/<id>/query`. */
  path: string;
  /** The headers a test may assert on; the credential is replaced by whether it was accepted. */
  headers: {
    authorization?: 'accepted' | 'refused';
    'notion-version'?: string;
    'user-agent'?: string;
    'content-type'?: string;
  };
  body: unknown;
  status: number;
  /** When the request arrived, in ms (`performance.now()`), to measure waits between requests. */
  at: number;
}

export type NotionFailure = 'unauthorized' | 'rateLimit' | 'serverError';

export interface FailOptions {
  /** The `retry-after` header in seconds, for `rateLimit`; default 1. */
  retryAfter?: number;
  /** Fail only requests that match; default every request. */
  when?: (request: { method: string; path: string }) => boolean;
}

export interface FakeNotion {
  url: string;
  /** The token the fake accepts. */
  token: string;
  requests: RecordedRequest[];
  state: FakeNotionState;
  /** Seeds a database with data sources (default: one, `Time` with `Issue` title and `Hours` number). */
  addDatabase(dataSources?: { name: string; properties: Record<string, NotionPropertyType> }[]): {
    databaseId: string;
    dataSourceIds: string[];
  };
  pagesIn(dataSourceId: string): FakePage[];
  /** The next `count` matching requests fail this way (rules are used in the order given). */
  failNext(kind: NotionFailure, count?: number, options?: FailOptions): void;
  close(): Promise<void>;
}

const NOTION_VERSION = '2025-09-03';

export async function startFakeNotion(options: { token?: string } = {}): Promise<FakeNotion> {
  const token = options.token ?? `ntn_fake${randomUUID().replace(/-/g, '')}`;
  const state: FakeNotionState = { databases: new Map(), dataSources: new Map(), pages: [] };
  const requests: RecordedRequest[] = [];
  const rules: (FailOptions & { kind: NotionFailure; remaining: number })[] = [];

  /** Notion accepts ids with or without dashes and answers with dashes. */
  const normalizeId = (id: string) =>
    /^[0-9a-f]{32}$/i.test(id) ? id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5') : id;
  const pagesIn = (dataSourceId: string) => state.pages.filter((page) => page.dataSourceId === dataSourceId);

  function pageJson(page: FakePage) {
    const source = state.dataSources.get(page.dataSourceId)!;
    const properties = Object.fromEntries(
      Object.entries(source.properties).map(([name, type]) => {
        const value = page.values[name] ?? null;
        const id = type === 'title' ? 'title' : encodeURIComponent(name.slice(0, 4));
        if (type === 'number') return [name, { id, type, number: value }];
        return [name, { id, type, [type]: value === null ? [] : [richText(String(value))] }];
      }),
    );
    return {
      object: 'page',
      id: page.id,
      created_time: page.created_time,
      last_edited_time: page.last_edited_time,
      created_by: { object: 'user', id: 'fake-bot' },
      last_edited_by: { object: 'user', id: 'fake-bot' },
      cover: null,
      icon: null,
      parent: { type: 'data_source_id', data_source_id: source.id, database_id: source.databaseId },
      archived: false,
      in_trash: false,
      is_locked: false,
      properties,
      url: `https://www.notion.so/${page.id.replace(/-/g, '')}`,
      public_url: null,
    };
  }

  /** Checks `properties` of a create or update against the schema, as Notion does. */
  function readValues(source: FakeDataSource, properties: unknown): { values: FakePage['values'] } | { rejected: Reply } {
    const reject = (message: string) => ({ rejected: error(400, 'validation_error', message) });
    if (typeof properties !== 'object' || properties === null) {
      return reject('body failed validation: body.properties should be an object.');
    }
    const values: Record<string, string | number | null> = {};
    for (const [name, value] of Object.entries(properties as Record<string, Record<string, unknown>>)) {
      const type = source.properties[name];
      if (!type) return reject(`${name} is not a property that exists.`);
      if (type === 'number') {
        if (!('number' in value) || (typeof value.number !== 'number' && value.number !== null)) {
          return reject(`${name} is expected to be number.`);
        }
        values[name] = value.number as number | null;
      } else {
        const items = value[type];
        if (!Array.isArray(items)) return reject(`${name} is expected to be ${type}.`);
        values[name] = items.map((item: { text?: { content?: string } }) => item.text?.content ?? '').join('');
      }
    }
    return { values };
  }

  function route(method: string, path: string, body: Record<string, unknown>): Reply {
    let match = /^\/v1\/databases\/([^/]+)$/.exec(path);
    if (match && method === 'GET') {
      const database = state.databases.get(normalizeId(match[1] ?? ''));
      if (!database) return notFound(match[1] ?? '', 'database');
      return json(200, {
        object: 'database',
        id: database.id,
        title: [richText(database.title)],
        description: [],
        parent: { type: 'workspace', workspace: true },
        is_inline: false,
        in_trash: false,
        is_locked: false,
        created_time: '2026-01-05T10:00:00.000Z',
        last_edited_time: '2026-01-05T10:00:00.000Z',
        data_sources: database.dataSourceIds.map((id) => ({ id, name: state.dataSources.get(id)?.name ?? '' })),
        icon: null,
        cover: null,
        url: `https://www.notion.so/${database.id.replace(/-/g, '')}`,
        public_url: null,
      });
    }
    match = /^\/v1\/data_sources\/([^/]+)\/query$/.exec(path);
    if (match && method === 'POST') {
      const source = state.dataSources.get(normalizeId(match[1] ?? ''));
      if (!source) return notFound(match[1] ?? '', 'data source');
      return query(source, body);
    }
    if (path === '/v1/pages' && method === 'POST') {
      const parent = body.parent as { type?: string; data_source_id?: string } | undefined;
      if (!parent?.data_source_id) {
        return error(400, 'validation_error', 'body failed validation: body.parent.data_source_id should be defined.');
      }
      const source = state.dataSources.get(normalizeId(parent.data_source_id));
      if (!source) return notFound(parent.data_source_id, 'data source');
      const read = readValues(source, body.properties);
      if ('rejected' in read) return read.rejected;
      const now = new Date().toISOString();
      const page: FakePage = { id: randomUUID(), dataSourceId: source.id, values: read.values, created_time: now, last_edited_time: now };
      state.pages.push(page);
      return json(200, pageJson(page));
    }
    match = /^\/v1\/pages\/([^/]+)$/.exec(path);
    if (match && method === 'PATCH') {
      const page = state.pages.find((candidate) => candidate.id === normalizeId(match?.[1] ?? ''));
      if (!page) return notFound(match[1] ?? '', 'page');
      const read = readValues(state.dataSources.get(page.dataSourceId)!, body.properties ?? {});
      if ('rejected' in read) return read.rejected;
      Object.assign(page.values, read.values);
      page.last_edited_time = new Date().toISOString();
      return json(200, pageJson(page));
    }
    return error(400, 'invalid_request_url', 'Invalid request URL.');
  }

  function query(source: FakeDataSource, body: Record<string, unknown>): Reply {
    let pages = pagesIn(source.id);
    const filter = body.filter as { property?: string; title?: { equals?: string }; rich_text?: { equals?: string } } | undefined;
    if (filter) {
      const type = filter.property === undefined ? undefined : source.properties[filter.property];
      if (!type) return error(400, 'validation_error', `Could not find property with name or id: ${filter.property}`);
      const condition = filter.title ?? filter.rich_text;
      if (condition?.equals === undefined) return error(400, 'validation_error', 'body failed validation: the filter is not supported by this fake.');
      pages = pages.filter((page) => page.values[filter.property!] === condition.equals);
    }
    const pageSize = Math.min(Number(body.page_size ?? 100) || 100, 100);
    const start = body.start_cursor ? pages.findIndex((page) => page.id === body.start_cursor) : 0;
    const slice = pages.slice(Math.max(start, 0), Math.max(start, 0) + pageSize);
    const next = pages[Math.max(start, 0) + pageSize];
    return json(200, {
      object: 'list',
      results: slice.map(pageJson),
      next_cursor: next?.id ?? null,
      has_more: next !== undefined,
      type: 'page_or_data_source',
      page_or_data_source: {},
    });
  }

  function failure(kind: NotionFailure, retryAfter: number): Reply {
    switch (kind) {
      case 'unauthorized':
        return error(401, 'unauthorized', 'API token is invalid.');
      case 'rateLimit':
        return error(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.', {
          'retry-after': String(retryAfter),
        });
      case 'serverError':
        return error(500, 'internal_server_error', 'Unexpected error occurred.');
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
    const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    const credential = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const accepted = credential === token;
    const version = request.headers['notion-version'] as string | undefined;

    const rule = rules.find((candidate) => candidate.remaining > 0 && (candidate.when?.({ method, path: target.pathname }) ?? true));
    let reply: Reply;
    if (rule) {
      rule.remaining -= 1;
      reply = failure(rule.kind, rule.retryAfter ?? 1);
    } else if (!accepted) {
      reply = failure('unauthorized', 0);
    } else if (version === undefined) {
      reply = error(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
    } else if (version !== NOTION_VERSION) {
      reply = error(400, 'validation_error', `Notion-Version header failed validation: this fake speaks only ${NOTION_VERSION}, instead was \`${version}\`.`);
    } else {
      reply = route(method, target.pathname, body);
    }

    const header = (name: string) => request.headers[name] as string | undefined;
    requests.push({
      method,
      path: `${target.pathname}${target.search}`,
      headers: Object.fromEntries(
        Object.entries({
          authorization: request.headers.authorization ? (accepted ? 'accepted' : 'refused') : undefined,
          'notion-version': version,
          'user-agent': header('user-agent'),
          'content-type': header('content-type'),
        }).filter(([, value]) => value !== undefined),
      ),
      body: text === '' ? undefined : body,
      status: reply.status,
      at,
    });
    response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'x-notion-request-id': randomUUID(), ...reply.headers });
    response.end(JSON.stringify(reply.body));
  }

  const url = await listenOnLoopback(server);

  return {
    url,
    token,
    requests,
    state,
    addDatabase(dataSources = [{ name: 'Time', properties: { Issue: 'title', Hours: 'number' } }]) {
      const databaseId = randomUUID();
      const dataSourceIds = dataSources.map(({ name, properties }) => {
        const id = randomUUID();
        state.dataSources.set(id, { id, name, databaseId, properties });
        return id;
      });
      state.databases.set(databaseId, { id: databaseId, title: 'FlowForge hours', dataSourceIds });
      return { databaseId, dataSourceIds };
    },
    pagesIn,
    failNext: (kind, count = 1, failOptions = {}) => void rules.push({ kind, remaining: count, ...failOptions }),
    close: () => closeServer(server),
  };
}


const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): Reply =>
  json(status, { object: 'error', status, code, message, request_id: randomUUID() }, headers);

const notFound = (id: string, what: string): Reply =>
  error(404, 'object_not_found', `Could not find ${what} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`);

const richText = (content: string) => ({
  type: 'text',
  text: { content, link: null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
  plain_text: content,
  href: null,
});

