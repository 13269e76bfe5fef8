import { FlowForgeError, isFlowForgeError, type OrgFile, type OrgRepo } from '@flowforge/core/internal';
import { mapBounded } from './bounded-pool.js';
import { refreshRepo, repoCacheDir, type RepoTip } from './repo-cache.js';

/** How one repository of an org file took part: what was billed or checked, and from where. */
export interface RepoOutcome {
  repo: string;
  group: string | null;
  /** The commit read, `null` when none could be. */
  commit: string | null;
  /**
   * `fetched`: up to date now; `cached`: read from the cache as `--offline` asked; `stale`: could
   * not be fetched, read from the cache of an earlier run; `unreachable`: could not be fetched and
   * never was, so left out.
   */
  status: 'fetched' | 'cached' | 'stale' | 'unreachable';
  reason?: string;
}

/**
 * Refreshes every repository's cache, `concurrency` at a time, and hands each one's cache folder
 * and commit to `work` as soon as it is there — so only as many repositories' data are held at
 * once as are fetched at once. An error of `work` names its repository. Progress goes to a
 * terminal only.
 */
export async function forEachRepo(
  org: OrgFile,
  { offline }: { offline: boolean },
  work: (repo: OrgRepo, cacheDir: string, commit: string) => Promise<void>,
): Promise<RepoOutcome[]> {
  const progress = progressLine(org.repos.length);
  try {
    // Every cache is refreshed first, while the process is small: a child process costs a copy of
    // the parent's page tables, and the team layers read afterwards would make each one dearer.
    const tips = await mapBounded(org.repos, org.concurrency, async (repo) => {
      const refreshed = await refreshRepo(repo, repoCacheDir(repo), { offline });
      progress.tick();
      return refreshed;
    });
    return await mapBounded(org.repos, org.concurrency, async (repo, index) => {
      const { tip, unreachable } = tips[index] as RepoTip;
      const status = tip === null ? 'unreachable' : unreachable ? 'stale' : offline ? 'cached' : 'fetched';
      if (tip !== null) await work(repo, repoCacheDir(repo), tip).catch((error: unknown) => Promise.reject(namingRepo(repo, error)));
      return { repo: repo.name, group: repo.group, commit: tip, status, ...(unreachable ? { reason: unreachable } : {}) };
    });
  } finally {
    progress.done();
  }
}

/** A problem found in one repository's data says which repository. */
function namingRepo(repo: OrgRepo, error: unknown): unknown {
  if (!isFlowForgeError(error)) return error;
  return new FlowForgeError(error.code, { message: `In the repository ${repo.name} (${repo.url}): ${error.message}`, hint: error.hint }, error.exitCode, { cause: error });
}

/** `Fetching 12/200 repositories…` rewritten in place on a terminal; nothing otherwise. */
function progressLine(total: number): { tick: () => void; done: () => void } {
  const err = process.stderr;
  if (!err.isTTY) return { tick: () => {}, done: () => {} };
  let count = 0;
  const show = () => err.write(`\rFetching ${count}/${total} repositories…`);
  show();
  return {
    tick: () => {
      count += 1;
      show();
    },
    done: () => err.write('\r\x1b[K'),
  };
}
