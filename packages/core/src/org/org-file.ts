import { readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { toConfigIssues } from '../config/issues.js';
import { flowForgeError } from '../errors.js';
import { printable } from '../printable.js';
import { ISSUE_PATTERN } from '../model/entry.js';
import { MAX_SMALL_FILE_BYTES } from '../store/contained.js';

/** Where `report --org` and `verify --org` look for the org file when none is named. */
export const ORG_FILE_NAMES = ['flowforge.org.json', 'flowforge.org.yaml', 'flowforge.org.yml'] as const;

/** One repository of an organisation, with its defaults filled in. */
export interface OrgRepo {
  /** Its column in the bill, and the `<repo>` of `billing.rates.issues["<repo>#<issue>"]`. */
  name: string;
  url: string;
  /** What is fetched: a branch, a tag, or `HEAD` (the remote's default branch). */
  ref: string;
  group: string | null;
  /** `repo`: its own committed JSON/YAML config bills it; `org` (the default): the org file does. */
  rates: 'org' | 'repo';
}

export interface OrgFile {
  /** The org file's absolute path. */
  file: string;
  name: string | null;
  /** The zone whose calendar says what "this month" is when no period is given. */
  timezone: string | null;
  repos: OrgRepo[];
  currency: string;
  /** The BCP 47 locale the HTML bill writes numbers, money and dates in. */
  locale: string;
  rates: { default: number; users: Record<string, number>; repos: Record<string, number>; issues: Record<string, number> };
  /** How many repositories are fetched at once. */
  concurrency: number;
}

/** A repository's name: its column in the bill and part of its cache folder's name. */
export const REPO_NAME = /^[\w.-]{1,100}$/;

/**
 * The org file named by `--org FILE`, or the first of `ORG_FILE_NAMES` in `cwd`: parsed as data
 * (JSON or YAML, never code), checked against its schema, then its rules across fields; every
 * problem is reported at once as `path: message`.
 */
export async function loadOrgFile(cwd: string, named?: string): Promise<OrgFile> {
  const file = named ? resolve(cwd, named) : ORG_FILE_NAMES.map((name) => join(cwd, name)).find(isReadable);
  if (!file || !isReadable(file)) throw flowForgeError('FF_ORG_FILE_NOT_FOUND', { file: file ?? join(cwd, ORG_FILE_NAMES[0]) });
  const data = await parseData(file);
  // zod and the config's schema load here only: the CLI's other commands, whose bundle chunk this
  // module shares, never pay for them.
  const { orgSchema } = await import('./org-schema.js');
  const parsed = orgSchema().safeParse(data);
  if (!parsed.success) throw flowForgeError('FF_ORG_FILE_INVALID', { file, issues: toConfigIssues(parsed.error) });
  const { name, timezone, repos, billing, fetch } = parsed.data;
  const resolved = repos.map((entry) => {
    const repo = typeof entry === 'string' ? { url: entry, ref: 'HEAD', rates: 'org' as const } : entry;
    return { name: repo.name ?? defaultRepoName(repo.url), url: repo.url, ref: repo.ref, group: 'group' in repo ? (repo.group ?? null) : null, rates: repo.rates };
  });
  const issues = [...namingProblems(resolved), ...repeatedRepositories(resolved), ...rateKeyProblems(resolved, billing.rates)];
  if (issues.length > 0) throw flowForgeError('FF_ORG_FILE_INVALID', { file, issues });
  return { file, name: name ?? null, timezone: timezone ?? null, repos: resolved, currency: billing.currency, locale: billing.locale, rates: billing.rates, concurrency: fetch.concurrency };
}

/** `git@github.com:acme/api.git` → `api`, `file:///srv/git/app.git/` → `app`. */
export function defaultRepoName(url: string): string {
  const last = url.replace(/[/\\]+$/, '').split(/[/\\:]/).at(-1) ?? '';
  return last.replace(/\.git$/, '') || url;
}

/** Names tell repositories apart in the bill: each must be a valid name, used once. */
function namingProblems(repos: readonly OrgRepo[]): { path: string; message: string }[] {
  const seen = new Map<string, number>();
  return repos.flatMap((repo, index) => {
    const problems: { path: string; message: string }[] = [];
    if (!REPO_NAME.test(repo.name))
      problems.push({ path: `repos[${index}]`, message: `its name from the URL, ${JSON.stringify(repo.name)}, is not a name: give "name" (letters, digits, ".", "_" or "-")` });
    const first = seen.get(repo.name);
    if (first !== undefined) problems.push({ path: `repos[${index}]`, message: `the name ${JSON.stringify(repo.name)} is already that of repos[${first}]: give each repository its own "name"` });
    else seen.set(repo.name, index);
    return problems;
  });
}

/**
 * A repository listed twice — under two names, or at two refs — would have every hour of it billed
 * twice. URLs are compared as git reads them: a trailing `/` or `.git` names the same repository.
 */
function repeatedRepositories(repos: readonly OrgRepo[]): { path: string; message: string }[] {
  const seen = new Map<string, number>();
  return repos.flatMap((repo, index) => {
    const key = repo.url.replace(/[/\\]+$/, '').replace(/\.git$/, '');
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return [];
    }
    return [{ path: `repos[${index}]`, message: `the repository of repos[${first}] again (${printable(repo.url)}): its time would be billed twice; list each repository once` }];
  });
}

/** A rate for a repository or a `repo#issue` the org does not list would silently bill nothing. */
function rateKeyProblems(repos: readonly OrgRepo[], rates: OrgFile['rates']): { path: string; message: string }[] {
  const names = new Set(repos.map((repo) => repo.name));
  const problems: { path: string; message: string }[] = [];
  for (const name of Object.keys(rates.repos))
    if (!names.has(name)) problems.push({ path: `billing.rates.repos[${JSON.stringify(name)}]`, message: 'names no repository of "repos"' });
  for (const key of Object.keys(rates.issues)) {
    const hash = key.indexOf('#');
    const [repo, issue] = [key.slice(0, hash), key.slice(hash + 1)];
    if (hash < 0 || !ISSUE_PATTERN.test(issue)) problems.push({ path: `billing.rates.issues[${JSON.stringify(key)}]`, message: 'expected "<repo>#<issue>", such as "api#42"' });
    else if (!names.has(repo)) problems.push({ path: `billing.rates.issues[${JSON.stringify(key)}]`, message: `${JSON.stringify(repo)} names no repository of "repos"` });
  }
  return problems;
}

function isReadable(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** JSON or YAML, by extension (YAML through cosmiconfig's loader, which core already has). */
async function parseData(file: string): Promise<unknown> {
  const bytes = readFileSync(file);
  if (bytes.length > MAX_SMALL_FILE_BYTES) throw flowForgeError('FF_ORG_FILE_SYNTAX', { file, reason: `${bytes.length} bytes, more than an org file needs` });
  try {
    return await parseConfigData(file, bytes.toString('utf8'));
  } catch (error) {
    throw flowForgeError('FF_ORG_FILE_SYNTAX', { file, reason: (error as Error).message });
  }
}

/**
 * JSON or YAML text as data, never code: how an org file, and a remote repository's config that
 * may supply rates, are read. `name` picks the parser (`.json`, `.yaml`/`.yml`; `.flowforgerc`,
 * like cosmiconfig, is YAML, which JSON is too). Throws the parser's own error.
 */
export async function parseConfigData(name: string, text: string): Promise<unknown> {
  if (extname(name) === '.json' || basename(name) === 'package.json') return JSON.parse(text) as unknown;
  const { defaultLoaders } = await import('cosmiconfig');
  return (await defaultLoaders['.yaml'](name, text)) as unknown;
}
