import { z } from 'zod';

/** The public GitHub REST API; GitHub Enterprise Server and test servers set `baseUrl` instead. */
export const PUBLIC_GITHUB_API_URL = 'https://api.github.com';

/**
 * Where the API lives when the config does not say: `GITHUB_API_URL`, which GitHub Actions sets
 * to the right host on github.com and on Enterprise Server alike, else the public API.
 */
export function defaultGitHubApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.GITHUB_API_URL?.trim() || PUBLIC_GITHUB_API_URL;
}

/** Octokit appends paths such as `/repos/...` to the base URL, so a trailing slash would double. */
const apiUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.github.com or https://ghe.example.com/api/v3' })
  .transform((url) => url.replace(/\/+$/, ''));

export const githubOptionsSchema = z.strictObject({
  /** The account or organisation that owns the repository, e.g. `acme`. */
  owner: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, {
    error: 'expected a GitHub user or organisation name such as "acme"',
  }),
  /** The repository whose issues receive the hours, e.g. `app`. */
  repo: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'expected a repository name such as "app"' }),
  /** The REST API root; defaults to `GITHUB_API_URL`, else https://api.github.com (validated either way). */
  baseUrl: apiUrl.prefault(() => defaultGitHubApiUrl()),
  /** List each contributor's hours in the comment, not only the total. */
  perUser: z.boolean().default(true),
});

export type GitHubOptions = z.output<typeof githubOptionsSchema>;
export type GitHubOptionsInput = z.input<typeof githubOptionsSchema>;
