import { writeRuntimeCache } from '../store/runtime-cache.js';
import { reflogMark } from '../team/head-reflog.js';
import { configStamps, CONVERGENCE_SCHEMA, type ConvergenceRecord, convergenceRecordPath } from './convergence.js';

/** Records what a run left: `staged` when the pre-commit hook staged it all just now. */
export async function recordConvergence(
  repoRoot: string,
  user: string,
  { policy, files, unstaged, staged }: { policy: string; files: readonly string[]; unstaged: readonly string[]; staged: boolean },
): Promise<void> {
  const record: ConvergenceRecord = {
    schema: CONVERGENCE_SCHEMA,
    policy,
    tz: process.env.TZ ?? null,
    config: configStamps(repoRoot),
    files: [...files].sort(),
    unstaged: staged ? [] : [...new Set(unstaged)].sort(),
    staged: staged ? reflogMark(repoRoot) : null,
  };
  await writeRuntimeCache(repoRoot, convergenceRecordPath(user), `${JSON.stringify(record)}\n`);
}
