import { flowForgeError, httpStatusOf, type IssueTotals, type Logger, type PlannedChange, silentLogger, toHours } from '@flowforge/core';
import type { Octokit } from '@octokit/rest';
import { isHoursComment, renderHoursComment, sameBody } from './comment.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface SyncCommentsOptions {
  logger?: Logger;
  /** One row per contributor under the total; default true. */
  perUser?: boolean;
}

/** What `applyCommentChange` needs to write one planned comment. */
export interface CommentWrite {
  issue_number: number;
  /** The comment to edit; none to create one. */
  commentId?: number;
  body: string;
  /** "3.50 h, 3.75 h billable", for the result line. */
  summary: string;
}

/** GitHub issues are numbered; `APP-42` belongs to another tracker. */
const ISSUE_NUMBER = /^[1-9][0-9]{0,9}$/;

/** Statuses that mean "this issue is not there": unknown (404) or deleted (410). */
const GONE = new Set([404, 410]);

/**
 * Plans one sticky comment per issue with the hours tracked on it: the comment is found by its
 * hidden marker (all pages of comments are searched) and planned for an edit only when its body
 * would change, so the same totals twice plan nothing to write. Reads only.
 *
 * Issues are read one after another, as GitHub asks of integrations (concurrent requests trigger
 * secondary rate limits). Non-numeric keys and missing issues are skipped with a warning; a
 * refused token throws `FF_PROVIDER_AUTH` at once; any other failure throws with the issue named.
 */
export async function planIssueComments(
  octokit: Octokit,
  ref: RepoRef,
  totals: readonly IssueTotals[],
  options: SyncCommentsOptions = {},
): Promise<PlannedChange<CommentWrite | null>[]> {
  const logger = options.logger ?? silentLogger;
  const planned: PlannedChange<CommentWrite | null>[] = [];
  for (const issueTotals of totals) {
    try {
      planned.push(await planIssue(octokit, ref, issueTotals, { ...options, logger }));
    } catch (thrown) {
      throw describeFailure(thrown, ref, issueTotals.issue);
    }
  }
  return planned;
}

/** Writes one planned comment; returns what was done. */
export async function applyCommentChange(octokit: Octokit, ref: RepoRef, change: PlannedChange<CommentWrite | null>): Promise<string> {
  const write = change.data;
  if (!write) return change.detail;
  try {
    if (write.commentId !== undefined) {
      await octokit.rest.issues.updateComment({ ...ref, comment_id: write.commentId, body: write.body });
      return `updated comment ${write.commentId} (${write.summary})`;
    }
    const { data } = await octokit.rest.issues.createComment({ ...ref, issue_number: write.issue_number, body: write.body });
    return `created comment ${data.id} (${write.summary})`;
  } catch (thrown) {
    throw describeFailure(thrown, ref, change.issue);
  }
}

async function planIssue(
  octokit: Octokit,
  { owner, repo }: RepoRef,
  totals: IssueTotals,
  options: SyncCommentsOptions & { logger: Logger },
): Promise<PlannedChange<CommentWrite | null>> {
  const { issue } = totals;
  const only = (action: 'unchanged' | 'skipped', detail: string): PlannedChange<null> => ({ issue, action, detail, data: null });

  if (!ISSUE_NUMBER.test(issue)) {
    options.logger.warn(`Skipped issue "${issue}": GitHub issue keys are numbers, such as 42.`);
    return only('skipped', 'not a GitHub issue number');
  }
  const issue_number = Number(issue);
  try {
    await octokit.rest.issues.get({ owner, repo, issue_number });
  } catch (thrown) {
    const status = httpStatusOf(thrown);
    if (status === undefined || !GONE.has(status)) throw thrown;
    options.logger.warn(`Skipped issue ${issue}: ${owner}/${repo}#${issue} does not exist (${status}).`);
    return only('skipped', `issue not found (${status})`);
  }

  const body = renderHoursComment(totals, { perUser: options.perUser ?? true });
  const existing = await findHoursComment(octokit, { owner, repo }, issue_number);
  const summary = `${toHours(totals.seconds).toFixed(2)} h, ${toHours(totals.billableSeconds).toFixed(2)} h billable`;
  if (existing && sameBody(existing.body, body)) return only('unchanged', `comment ${existing.id} is up to date`);
  if (existing) return { issue, action: 'update', detail: `comment ${existing.id} (${summary})`, data: { issue_number, commentId: existing.id, body, summary } };
  return { issue, action: 'create', detail: `a comment (${summary})`, data: { issue_number, body, summary } };
}

/** The first (oldest) comment carrying the marker, searching page after page until found. */
async function findHoursComment(
  octokit: Octokit,
  { owner, repo }: RepoRef,
  issue_number: number,
): Promise<{ id: number; body?: string | null } | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  for await (const { data: comments } of pages) {
    const found = comments.find((comment) => isHoursComment(comment.body));
    if (found) return found;
  }
  return undefined;
}

function describeFailure(thrown: unknown, { owner, repo }: RepoRef, issue: string): Error {
  // Octokit gives a request that got no answer (refused, timed out) status 500, which no server said.
  const status = (thrown as { response?: unknown } | null)?.response === undefined ? undefined : httpStatusOf(thrown);
  const where = `${owner}/${repo}#${issue}`;
  if (status === 401) {
    return flowForgeError('FF_PROVIDER_AUTH', {
      reason: `GitHub refused the token (401 Bad credentials) while publishing to ${where}.`,
      fix: 'Set GITHUB_TOKEN to a valid token that may write issues of this repository; with GitHub Enterprise, check that baseUrl points at its API.',
    });
  }
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  const message =
    status === 403 && !/rate limit/i.test(reason)
      ? `GitHub refused access to ${where} (403: ${reason}); check that the token may write issues and that the issue is not locked.`
      : `GitHub request for ${where} failed${status ? ` (${status})` : ''}: ${reason}`;
  return new Error(message, { cause: thrown });
}
