import { type Logger, redactingLogger, silentLogger } from '@flowforge/core';
import { Client, LogLevel } from '@notionhq/client';
import { PUBLIC_NOTION_API_URL } from './options.js';
import { createRequestSpacer, type SpacerClock } from './request-spacer.js';

/** The API version with data sources (databases became containers of data sources in it). */
export const NOTION_VERSION = '2025-09-03';

export interface NotionClientOptions {
  /** From `NOTION_TOKEN`; never logged, and stripped from every log line. */
  token: string;
  /** The API root, without `/v1`; default https://api.notion.com. */
  baseUrl?: string;
  /** Receives the client's warnings (failed attempts, 429s) and, at debug, its request traces. */
  logger?: Logger;
  /** The client-side pace; default 3, Notion's documented average. */
  requestsPerSecond?: number;
  /** For tests of the pacing; default real time. */
  clock?: SpacerClock;
}

/**
 * A `@notionhq/client` for publishing: API version 2025-09-03, every HTTP request (retries
 * included) paced by a client-side queue, and the client's own retries, which wait out a 429
 * per its `retry-after` header (default: 2 retries).
 */
export function createNotionClient(options: NotionClientOptions): Client {
  const token = options.token.trim();
  if (token === '') {
    throw new Error('No Notion token: set NOTION_TOKEN to the secret of an integration the database is shared with.');
  }
  const logger = redactingLogger(options.logger ?? silentLogger, token);
  const spacer = createRequestSpacer(Math.ceil(1000 / (options.requestsPerSecond ?? 3)), options.clock);
  return new Client({
    auth: token,
    baseUrl: options.baseUrl ?? PUBLIC_NOTION_API_URL,
    notionVersion: NOTION_VERSION,
    fetch: (url, init) => spacer.schedule(() => fetch(url, init)),
    logLevel: LogLevel.INFO,
    logger: (level, message, extraInfo) => {
      const line = extraInfo === undefined ? message : `${message} ${JSON.stringify(extraInfo)}`;
      if (level === LogLevel.WARN) logger.warn(line);
      else if (level === LogLevel.ERROR) logger.error(line);
      else logger.debug(line);
    },
  });
}
