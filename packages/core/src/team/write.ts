import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.js';
import { assertRealFolders } from '../store/contained.js';
import { namesIn } from '../store/names-in.js';
import { removeStaleTempFiles } from '../store/temp-file.js';
import { unlinkIfPresent } from '../store/unlink-if-present.js';
import { parseTeamFilePath, renderTeamFile, type TeamFile, teamFilePath, type TeamShard, teamShardDir } from './team-file.js';

/** Committed files are readable by everyone who clones the repo. */
const TEAM_FILE_MODE = 0o644;

/**
 * Writes each month's file into one shard folder (a clone's tracked time, or v1 history) and
 * removes that shard's other files for the same month that git does not track yet (left by
 * `flowforge aggregate` or an aborted commit). Files git tracks stay, so readers pick the highest
 * revision among them: were this run to delete a tracked file while adding a similar one, git
 * would see a rename, and two branches renaming the same file differently (the same developer on
 * two branches, or on a branch and a rebase or squash of it) are a rename/rename conflict with
 * git's default configuration. Only a tracked file of the same revision goes (the same data under
 * another policy or zone), since readers cannot order the two. A file whose name already exists
 * has these very bytes (the name holds their hash), so re-running changes nothing. Returns
 * repo-relative paths, for the hook to stage exactly these.
 *
 * Without `sweep`, files of other revisions all stay, and git is not asked which it tracks (one
 * process fewer): the pre-commit hook passes it only when there can be untracked ones to sweep.
 */
export async function writeTeamFiles(
  repoRoot: string,
  files: readonly TeamFile[],
  shard: TeamShard,
  { sweep = true }: { sweep?: boolean } = {},
): Promise<{ written: string[]; removed: string[] }> {
  const written: string[] = [];
  const removed: string[] = [];
  const trackedIn = new Map<string, Set<string>>();
  const tracked = (dir: string): Set<string> => trackedIn.get(dir) ?? trackedIn.set(dir, trackedFiles(repoRoot, dir)).get(dir) ?? new Set();
  const swept = new Set<string>();
  for (const file of files) {
    const dir = teamShardDir(file.user, shard);
    assertRealFolders(repoRoot, dir);
    // What a killed write left in this folder goes with the next write to it.
    if (!swept.has(dir)) removed.push(...removeStaleTempFiles(join(repoRoot, dir)).map((name) => `${dir}/${name}`));
    swept.add(dir);
    const others = namesIn(join(repoRoot, dir))
      .map((name) => `${dir}/${name}`)
      .filter((path) => parseTeamFilePath(path)?.month === file.month);
    // An empty month is written only to supersede a file that had time in it.
    if (file.buckets.length === 0 && others.length === 0) continue;
    const bytes = renderTeamFile(file);
    const path = teamFilePath(file, bytes, shard);
    if (!existsSync(join(repoRoot, path))) {
      await writeFileAtomic(join(repoRoot, path), bytes, { mode: TEAM_FILE_MODE });
      written.push(path);
    }
    for (const other of others) {
      if (other === path) continue;
      const sameRevision = parseTeamFilePath(other)?.revision === file.revision;
      if (!sameRevision && (!sweep || tracked(dir).has(other))) continue;
      unlinkIfPresent(join(repoRoot, other));
      removed.push(other);
    }
  }
  return { written, removed };
}

/** The files under `dir` that git tracks (in its index); none when git cannot tell, as outside a repository. */
function trackedFiles(repoRoot: string, dir: string): Set<string> {
  const result = spawnSync('git', ['ls-files', '-z', '--', dir], { cwd: repoRoot, encoding: 'utf8' });
  return new Set(result.status === 0 ? result.stdout.split('\0').filter(Boolean) : []);
}
