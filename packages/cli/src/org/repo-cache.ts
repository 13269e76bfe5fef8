import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isFlowForgeError, type OrgRepo, writeCacheFile } from '@flowforge/core/internal';
import envPaths from 'env-paths';
import { git } from './git.js';

/** What a refresh of one repository's cache gave: the commit to bill, and why it is not fresh. */
export interface RepoTip {
  /** The cached commit of the repository's ref, or `null` when there is none to bill. */
  tip: string | null;
  /** Set when the repository could not be fetched (or, `--offline`, was not fetched). */
  unreachable?: string;
}

/** The ref the fetched commit is kept under in each cache: one ref, so nothing else is fetched. */
const TIP_REF = 'refs/flowforge/tip';

/**
 * Where the org caches live: `FLOWFORGE_HOME/org/`, else the platform's user data folder (as for
 * backups). One folder per repository, named by the org file's name for it and a hash of its URL
 * and ref, so two org files that list the same repository share its cache.
 */
export function repoCacheDir(repo: Pick<OrgRepo, 'name' | 'url' | 'ref'>, env: NodeJS.ProcessEnv = process.env): string {
  const home = env.FLOWFORGE_HOME?.trim() || envPaths('flowforge').data;
  const key = createHash('sha256').update(`${repo.url}\0${repo.ref}`).digest('hex').slice(0, 12);
  return join(home, 'org', `${repo.name}-${key}`);
}

/** The bare repository inside a cache folder. */
export const bareRepoOf = (cacheDir: string): string => join(cacheDir, 'repo.git');

/**
 * Brings one repository's cache up to date: a bare, partial (`--filter=blob:none`) clone of its
 * ref alone, shallow at first; later fetches bring only the commits and trees that are new. When
 * the ref has not moved (`git ls-remote`, one round trip) nothing is fetched at all. Blobs come
 * later, and only those of the team layer (`fetchMissingBlobs`). A fetch that fails keeps the
 * cache as it was, and says why.
 */
export async function refreshRepo(repo: OrgRepo, cacheDir: string, { offline }: { offline: boolean }): Promise<RepoTip> {
  const bare = bareRepoOf(cacheDir);
  const fresh = !existsSync(join(bare, 'HEAD'));
  if (offline) {
    const tip = fresh ? null : lastTipOf(cacheDir);
    return tip === null ? { tip, unreachable: 'not in the cache, and --offline fetches nothing' } : { tip };
  }
  try {
    const known = fresh ? null : lastTipOf(cacheDir);
    if (known !== null && (await remoteTip(bare, repo.ref)) === known) return { tip: known };
    if (fresh) {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      await git(['init', '--bare', '--quiet', bare]);
      await git(['config', 'remote.origin.url', repo.url], { cwd: bare });
    }
    await git(['fetch', '--quiet', '--no-tags', '--filter=blob:none', ...(fresh ? ['--depth=1'] : []), 'origin', `+${repo.ref}:${TIP_REF}`], { cwd: bare });
    const tip = await tipOf(bare);
    if (tip !== null) writeCacheFile(join(cacheDir, TIP_FILE), tip); // renamed into place: a run beside this one reads all of it or none
    return { tip };
  } catch (error) {
    const reason = isFlowForgeError(error) ? error.message.replace(/^`[^`]*` failed: /, '') : String(error);
    // A first fetch that failed leaves nothing worth keeping: the next run starts over.
    if (fresh) rmSync(cacheDir, { recursive: true, force: true });
    return { tip: fresh ? null : lastTipOf(cacheDir), unreachable: gitsReason(reason) };
  }
}

/** Git's own words for a failure: its `fatal:` line (what follows is advice), else its first line. */
function gitsReason(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const fatal = lines.find((line) => line.startsWith('fatal: '));
  return fatal ? fatal.slice('fatal: '.length) : (lines[0] ?? stderr);
}

/** The commit last fetched, as the cache noted it (git's own ref would cost a process to read). */
const TIP_FILE = 'tip';

function lastTipOf(cacheDir: string): string | null {
  try {
    const tip = readFileSync(join(cacheDir, TIP_FILE), 'utf8').trim();
    return /^[0-9a-f]{40,64}$/.test(tip) ? tip : null;
  } catch {
    return null;
  }
}

/**
 * The commit the remote's `ref` names now, resolved as `git fetch` resolves a short name (a tag
 * before a branch), an annotated tag peeled to its commit; `null` when no ref matches.
 */
async function remoteTip(bare: string, ref: string): Promise<string | null> {
  const listed = new Map(
    (await git(['ls-remote', 'origin', ref], { cwd: bare }))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t').reverse() as [string, string]),
  );
  const names = ref === 'HEAD' ? ['HEAD'] : [ref, `refs/${ref}`, `refs/tags/${ref}`, `refs/heads/${ref}`, `refs/remotes/${ref}`, `refs/remotes/${ref}/HEAD`];
  const name = names.find((candidate) => listed.has(candidate));
  return name === undefined ? null : (listed.get(`${name}^{}`) ?? listed.get(name) ?? null);
}

async function tipOf(bare: string): Promise<string | null> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `${TIP_REF}^{commit}`], { cwd: bare })).toString('utf8').trim() || null;
  } catch {
    return null;
  }
}
