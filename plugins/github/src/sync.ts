import { flowForgeError, httpStatusOf, type IssueTotals, type Logger, type ProviderChange, silentLogger, toHours } from '@flowforge/core';
import type { Octokit } from '@octokit/rest';
import { isHoursComment, renderHoursComment, sameBody } from './comment.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface SyncCommentsOptions {
  /** Read everything, write nothing; the changes say what would be written. */
  dryRun?: boolean;
  logger?: Logger;
  /** One row per contributor under the total; default true. */
  perUser?: boolean;
}

/** GitHub issues are numbered; `APP-42` belongs to another tracker. */
const ISSUE_NUMBER = /^[1-9][0-9]{0,9}$/;

/** Statuses that mean "this issue is not there": unknown (404) or deleted (410). */
const GONE = new Set([404, 410]);

/**
 * Keeps one sticky comment per issue up to date with the hours tracked on it. The comment is
 * found by its hidden marker (all pages of comments are searched) and edited in place only when
 * its body would change, so running this twice with the same totals writes nothing.
 *
 * Issues are handled one after another, as GitHub asks of integrations (concurrent requests
 * trigger secondary rate limits). Non-numeric keys and missing issues are skipped with a warning;
 * a refused token throws `FF_PROVIDER_AUTH` at once; any other failure throws with the issue
 * named, after the changes already made (which a rerun will find up to date).
 */
export async function syncIssueComments(
  octokit: Octokit,
  ref: RepoRef,
  totals: readonly IssueTotals[],
  options: SyncCommentsOptions = {},
): Promise<ProviderChange[]> {
  const logger = options.logger ?? silentLogger;
  const changes: ProviderChange[] = [];
  for (const issueTotals of totals) {
    try {
      changes.push(await syncIssue(octokit, ref, issueTotals, { ...options, logger }));
    } catch (thrown) {
      throw describeFailure(thrown, ref, issueTotals.issue);
    }
  }
  return changes;
}

async function syncIssue(
  octokit: Octokit,
  { owner, repo }: RepoRef,
  totals: IssueTotals,
  options: SyncCommentsOptions & { logger: Logger },
): Promise<ProviderChange> {
  const { issue } = totals;
  const change = (action: ProviderChange['action'], detail: string): ProviderChange => ({
    provider: 'github',
    issue,
    action,
    detail,
  });

  if (!ISSUE_NUMBER.test(issue)) {
    options.logger.warn(`Skipped issue "${issue}": GitHub issue keys are numbers, such as 42.`);
    return change('skipped', 'not a GitHub issue number');
  }
  const issue_number = Number(issue);
  try {
    await octokit.rest.issues.get({ owner, repo, issue_number });
  } catch (thrown) {
    const status = httpStatusOf(thrown);
    if (status === undefined || !GONE.has(status)) throw thrown;
    options.logger.warn(`Skipped issue ${issue}: ${owner}/${repo}#${issue} does not exist (${status}).`);
    return change('skipped', `issue not found (${status})`);
  }

  const body = renderHoursComment(totals, { perUser: options.perUser ?? true });
  const existing = await findHoursComment(octokit, { owner, repo }, issue_number);
  const summary = `${toHours(totals.seconds).toFixed(2)} h, ${toHours(totals.billableSeconds).toFixed(2)} h billable`;
  if (existing && sameBody(existing.body, body)) return change('unchanged', `comment ${existing.id} is up to date`);
  if (options.dryRun) {
    return existing
      ? change('update', `would update comment ${existing.id} (${summary})`)
      : change('create', `would create a comment (${summary})`);
  }
  if (existing) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return change('update', `updated comment ${existing.id} (${summary})`);
  }
  const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
  return change('create', `created comment ${data.id} (${summary})`);
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
  const status = httpStatusOf(thrown);
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
