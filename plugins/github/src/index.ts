/**
 * @flowforge/plugin-github — publishes aggregated hours to GitHub issues as one sticky comment
 * per issue. The default export is the plugin; the named exports are the cheap parts of its API.
 * The client and the sync (Octokit and its plugins) load only when `flowforge publish` runs, so
 * listing this plugin costs other commands, and the pre-commit hook, nothing.
 */
import { definePlugin, issueTotals, tapProvider } from '@flowforge/core';
import { githubOptionsSchema } from './options.js';

export type { GitHubClient, GitHubClientOptions } from './client.js';
export { HOURS_MARKER, renderHoursComment, type RenderOptions } from './comment.js';
export {
  defaultGitHubApiUrl,
  githubOptionsSchema,
  PUBLIC_GITHUB_API_URL,
  type GitHubOptions,
  type GitHubOptionsInput,
} from './options.js';
export type { RepoRef, SyncCommentsOptions } from './sync.js';
export type { IssueTotals, ProviderChange } from '@flowforge/core';

export default definePlugin({
  name: '@flowforge/plugin-github',
  options: githubOptionsSchema,
  apply(kernel, options, { logger }) {
    tapProvider(kernel, {
      name: '@flowforge/plugin-github',
      token: {
        variable: 'GITHUB_TOKEN',
        service: 'GitHub',
        how: 'Create a fine-grained token with "Issues: read and write" on the repository (in GitHub Actions, pass `secrets.GITHUB_TOKEN` with `permissions: issues: write`).',
      },
      async publish(aggregation, context, token) {
        const [{ createGitHubClient }, { syncIssueComments }] = await Promise.all([import('./client.js'), import('./sync.js')]);
        const octokit = createGitHubClient({ token: token as string, baseUrl: options.baseUrl, logger });
        const totals = issueTotals(aggregation.buckets, { perUser: options.perUser });
        return syncIssueComments(octokit, { owner: options.owner, repo: options.repo }, totals, { dryRun: context.dryRun, logger, perUser: options.perUser });
      },
    });
  },
});
