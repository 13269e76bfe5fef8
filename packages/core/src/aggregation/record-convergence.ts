import { dirname, join } from 'node:path';
import type { EvaluatedConfig } from '../config/load.js';
import { fileStamp } from '../store/file-stamp.js';
import { namesIn } from '../store/names-in.js';
import { writeRuntimeCache } from '../store/runtime-cache.js';
import { headMovesStamp } from '../team/head-moves.js';
import { configStamps, CONVERGENCE_SCHEMA, type ConvergenceRecord, convergenceRecordPath } from './convergence.js';

/**
 * Records what a run left: the files the user's time is in, and the folders they live in — this
 * clone's shard and the user's audit trail, even while empty or missing (a merge may bring files
 * into them). `staged` when the pre-commit hook staged it all just now.
 */
export async function recordConvergence(
  repoRoot: string,
  user: string,
  {
    policy,
    evaluated,
    files,
    folders,
    unstaged,
    staged,
  }: { policy: string; evaluated: EvaluatedConfig | null; files: readonly string[]; folders: readonly string[]; unstaged: readonly string[]; staged: boolean },
): Promise<void> {
  const record: ConvergenceRecord = {
    schema: CONVERGENCE_SCHEMA,
    policy,
    tz: process.env.TZ ?? null,
    config: configStamps(repoRoot),
    evaluated,
    files: [...files].sort(),
    folders: [...new Set([...folders, ...files.map((file) => dirname(file))])].sort().map((dir) => ({
      dir,
      stamp: fileStamp(join(repoRoot, dir)),
      names: namesIn(join(repoRoot, dir)).sort(),
    })),
    writtenAt: Date.now(),
    unstaged: staged ? [] : [...new Set(unstaged)].sort(),
    staged: staged ? (headMovesStamp(repoRoot) ?? 'missing') : null,
  };
  await writeRuntimeCache(repoRoot, convergenceRecordPath(user), `${JSON.stringify(record)}\n`);
}
