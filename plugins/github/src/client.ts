import { type Logger, redactError, redactingLogger, silentLogger } from '@flowforge/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { PUBLIC_GITHUB_API_URL } from './options.js';

/** The REST API version FlowForge is written against; GitHub keeps it stable for at least 24 months. */
export const GITHUB_API_VERSION = '2022-11-28';

/**
 * Statuses the retry plugin leaves alone. Its defaults, plus 429: a 429 is a rate limit, which
 * the throttling plugin retries after `retry-after`; the retry plugin would retry it after its own
 * fixed back-off instead, too early, and GitHub may ban integrations that keep hitting a limit.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

const FlowForgeOctokit = Octokit.plugin(retry, throttling);

/**
 * What `createGitHubClient` returns: an Octokit (with the retry and throttling plugins inside).
 * Typed as the plain `Octokit`, whose REST methods are all a provider needs.
 */
export type GitHubClient = Octokit;

export interface GitHubClientOptions {
  /** From `GITHUB_TOKEN`; never logged, and stripped from every error and log line. */
  token: string;
  /** The REST API root; default https://api.github.com. */
  baseUrl?: string;
  /** Receives rate-limit warnings and request traces (at debug). */
  logger?: Logger;
  /** How often one request is retried after a primary or secondary rate limit; default 3. */
  maxRateLimitRetries?: number;
  userAgent?: string;
}

/**
 * An Octokit for publishing: the API version header pinned; rate limits (403 or 429 with a
 * "secondary rate limit" message, or `x-ratelimit-remaining: 0`) waited out per `retry-after`
 * or `x-ratelimit-reset` and retried; 5xx and network errors retried by the retry plugin; writes
 * spaced as GitHub asks of content-creating requests (the throttling plugin's write queues).
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const token = options.token.trim();
  if (token === '') {
    throw new Error('No GitHub token: set GITHUB_TOKEN to a token that may write issue comments.');
  }
  const logger = redactingLogger(options.logger ?? silentLogger, token);
  const maxRetries = options.maxRateLimitRetries ?? 3;

  const onLimit =
    (limit: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = `GitHub ${limit} on ${request.method} ${request.url}`;
      if (retryCount >= maxRetries) {
        logger.warn(`${what}: giving up after ${retryCount} retries`);
        return false;
      }
      logger.warn(`${what}: retrying in ${retryAfter}s (retry ${retryCount + 1} of ${maxRetries})`);
      return true;
    };

  const octokit = new FlowForgeOctokit({
    auth: token,
    baseUrl: options.baseUrl ?? PUBLIC_GITHUB_API_URL,
    userAgent: options.userAgent ?? 'flowforge-plugin-github',
    // Octokit logs every failed request at `error`, including the 404s and rate limits this plugin
    // handles; the sync decides what is worth a warning, so request traces go to debug.
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.debug(message),
    },
    throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
    retry: { doNotRetry: DO_NOT_RETRY },
  });
  // Octokit's constructor takes no default headers; a hook sets the version on every request
  // (retries reuse the same request options, so they carry it too).
  octokit.hook.before('request', (request) => {
    request.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  // Registered last, so it sees each error after every retry: nothing thrown carries the token.
  octokit.hook.error('request', (error) => {
    throw redactError(error, token);
  });
  return octokit;
}
