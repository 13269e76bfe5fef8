import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './store/atomic-write.js';
import { assertRealFolders } from './store/contained.js';
import { namesIn } from './store/names-in.js';
import { unlinkIfPresent } from './store/unlink-if-present.js';

/** Runs that failed in the git hook, waiting for the daemon or `flowforge aggregate` (docs/hooks.md). */
export const QUEUE_DIR = '.flowforge/daemon/queue';

export interface QueuedFailure {
  user: string;
  trigger: string;
  at: string;
  code: string;
  message: string;
}

/** One file per failure: nothing to merge, nothing lost if two hooks fail at once. */
export async function enqueueFailure(repoRoot: string, failure: QueuedFailure): Promise<string> {
  const name = `${failure.at.replace(/[:]/g, '')}-${failure.user}-${process.pid}.json`;
  assertRealFolders(repoRoot, QUEUE_DIR);
  const path = join(repoRoot, QUEUE_DIR, name);
  await writeFileAtomic(path, `${JSON.stringify(failure, null, 2)}\n`);
  return path;
}

/** The names of the queued failures' files, sorted (oldest first). */
export function queuedNames(repoRoot: string): string[] {
  // Synchronous, for the reason given in store/create-file.ts: every commit settles the queue.
  return namesIn(join(repoRoot, QUEUE_DIR)).filter((name) => name.endsWith('.json')).sort();
}

export async function listQueue(repoRoot: string): Promise<{ path: string; failure: QueuedFailure }[]> {
  return queuedNames(repoRoot).map((name) => {
    const path = join(repoRoot, QUEUE_DIR, name);
    return { path, failure: JSON.parse(readFileSync(path, 'utf8')) as QueuedFailure };
  });
}

/** After a successful aggregation of `user`, their queued failures are settled. */
export async function settleQueue(repoRoot: string, user: string): Promise<number> {
  const settled = (await listQueue(repoRoot)).filter(({ failure }) => failure.user === user);
  for (const { path } of settled) unlinkIfPresent(path);
  return settled.length;
}
