/**
 * @flowforge/plugin-github — publishes aggregated hours to GitHub issues as one sticky comment
 * per issue. The default export is the plugin; the named exports are the cheap parts of its API.
 * The client and the sync (Octokit and its plugins) load only when `flowforge publish` runs, so
 * listing this plugin costs other commands, and the pre-commit hook, nothing.
 */
import { definePlugin, type ProviderContext } from '@flowforge/core';
import type { Octokit } from '@octokit/rest';
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
export type { CommentWrite, RepoRef, SyncCommentsOptions } from './sync.js';
export type { IssueTotals, ProviderChange } from '@flowforge/core';

export default definePlugin({
  name: '@flowforge/plugin-github',
  options: githubOptionsSchema,
  apply(kernel, options) {
    const ref = { owner: options.owner, repo: options.repo };
    // One client per publish run: the kernel hands `plan` and `apply` of a run the same context.
    const clients = new WeakMap<ProviderContext, Promise<Octokit>>();
    const clientFor = (context: ProviderContext): Promise<Octokit> => {
      let client = clients.get(context);
      if (!client) {
        client = import('./client.js').then(({ createGitHubClient }) => createGitHubClient({ token: context.token as string, baseUrl: options.baseUrl, logger: context.logger }));
        clients.set(context, client);
      }
      return client;
    };
    kernel.addProvider({
      name: 'github',
      token: {
        variable: 'GITHUB_TOKEN',
        service: 'GitHub',
        how: 'Create a fine-grained token with "Issues: read and write" on the repository (in GitHub Actions, pass `secrets.GITHUB_TOKEN` with `permissions: issues: write`).',
      },
      async plan(totals, context) {
        const { planIssueComments } = await import('./sync.js');
        return planIssueComments(await clientFor(context), ref, totals.issues, { logger: context.logger, perUser: options.perUser });
      },
      async apply(change, context) {
        const { applyCommentChange } = await import('./sync.js');
        return applyCommentChange(await clientFor(context), ref, change);
      },
    });
  },
});
