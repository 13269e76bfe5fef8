import { describe, expect, it } from 'vitest';
import { defaultGitHubApiUrl, githubOptionsSchema } from '../src/options.js';

describe('githubOptionsSchema', () => {
  it('fills perUser and the API root, without a trailing slash', () => {
    expect(githubOptionsSchema.parse({ owner: 'acme', repo: 'app', baseUrl: 'https://ghe.example.com/api/v3/' })).toEqual({
      owner: 'acme',
      repo: 'app',
      baseUrl: 'https://ghe.example.com/api/v3',
      perUser: true,
    });
  });

  it('takes the API root from GITHUB_API_URL, else the public API', () => {
    expect(defaultGitHubApiUrl({ GITHUB_API_URL: 'https://ghe.example.com/api/v3' })).toBe('https://ghe.example.com/api/v3');
    expect(defaultGitHubApiUrl({})).toBe('https://api.github.com');
  });

  it('names each bad option', () => {
    const result = githubOptionsSchema.safeParse({ owner: 'acme/app', repo: '', baseUrl: 'ftp://x', extra: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.') || issue.code)).toEqual(['owner', 'repo', 'baseUrl', 'unrecognized_keys']);
  });
});
