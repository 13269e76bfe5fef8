/**
 * @flowforge/plugin-github — publishes aggregated hours to GitHub issues as one sticky comment
 * per issue. The default export is the plugin; the named exports are the cheap parts of its API.
 * The client and the sync (Octokit and its plugins) load only when `flowforge publish` runs, so
 * listing this plugin costs other commands, and the pre-commit hook, nothing.
 */
import { definePlugin, flowForgeError, issueTotals, type IssueTotals, redactError } from '@flowforge/core';
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

const NAME = '@flowforge/plugin-github';
/** `flowforge publish --provider github` (or the package name); no `--provider` means every provider. */
const ANSWERS_TO: readonly (string | null)[] = [null, 'github', NAME];

export default definePlugin({
  name: NAME,
  options: githubOptionsSchema,
  apply(kernel, options, { logger }) {
    kernel.hooks.publish.tapPromise('github', async (aggregation, context) => {
      if (context.trigger !== 'publish' || !ANSWERS_TO.includes(context.provider)) return;
      const token = process.env.GITHUB_TOKEN?.trim();
      if (!token) {
        throw flowForgeError('FF_PROVIDER_TOKEN_MISSING', {
          provider: 'GitHub',
          variable: 'GITHUB_TOKEN',
          how: 'Create a fine-grained token with "Issues: read and write" on the repository (in GitHub Actions, pass `secrets.GITHUB_TOKEN` with `permissions: issues: write`).',
        });
      }
      // Checked by the compiler: core hands over exactly the shape this package documents.
      const totals: IssueTotals[] = issueTotals(aggregation.buckets, { perUser: options.perUser });
      try {
        const [{ createGitHubClient }, { syncIssueComments }] = await Promise.all([import('./client.js'), import('./sync.js')]);
        const octokit = createGitHubClient({ token, baseUrl: options.baseUrl, logger });
        const changes = await syncIssueComments(octokit, { owner: options.owner, repo: options.repo }, totals, {
          dryRun: context.dryRun,
          logger,
          perUser: options.perUser,
        });
        context.results.providerChanges.push(...changes);
      } catch (thrown) {
        // The client already strips the token from its errors; this is the last line of defence.
        throw redactError(thrown, token);
      }
    });
  },
});
