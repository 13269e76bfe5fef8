/**
 * @flowforge/plugin-github — publishes aggregated hours to GitHub issues as one sticky comment
 * per issue. These are the building blocks; the kernel's `publish` hook wires them to the
 * team layer's totals.
 */
export { createGitHubClient, GITHUB_API_VERSION, type GitHubClient, type GitHubClientOptions } from './client.js';
export { HOURS_MARKER, renderHoursComment, type RenderOptions } from './comment.js';
export { ProviderAuthError } from './errors.js';
export {
  defaultGitHubApiUrl,
  githubOptionsSchema,
  PUBLIC_GITHUB_API_URL,
  type GitHubOptions,
  type GitHubOptionsInput,
} from './options.js';
export { syncIssueComments, type RepoRef, type SyncCommentsOptions } from './sync.js';
export type { IssueTotals, ProviderChange } from './totals.js';
