import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assertRealFolders, newestPerMonth, parseTeamFilePath, readRegularFile, sha256Hex, teamFileProblems, teamShardDir } from '@flowforge/core/internal';

export interface DamagedTeamFile {
  /** Repo-relative path. */
  path: string;
  bytes: Buffer;
  problems: string[];
}

/**
 * The newest team file of each month of this clone's shard of `identity` (what reports read, and
 * what this private layer can write again) whose bytes no longer match the hash in its name, or
 * that FlowForge would not have written. Other clones' shards and imported v1 history are left
 * out: only their own writers can write them again.
 */
export async function damagedTeamFiles(repoRoot: string, identity: string, clone: string | undefined): Promise<DamagedTeamFile[]> {
  if (clone === undefined) return [];
  const dir = teamShardDir(identity, { source: 'tracked', clone });
  assertRealFolders(repoRoot, dir);
  const names = await readdir(join(repoRoot, dir)).catch(() => [] as string[]);
  const { chosen } = newestPerMonth(names.map((name) => `${dir}/${name}`));
  const damaged: DamagedTeamFile[] = [];
  for (const path of chosen) {
    // A link or a device in a team file's place is refused by name, never read: it is no damage
    // that rebuilding could mend, and copying its target out would commit it.
    const bytes = readRegularFile(join(repoRoot, path), path);
    if (bytes === undefined) continue;
    const problems: string[] = [];
    if (sha256Hex(bytes).slice(0, 12) !== parseTeamFilePath(path)?.hash) problems.push('its bytes do not match the hash in its name');
    try {
      problems.push(...teamFileProblems(JSON.parse(bytes.toString('utf8')), path));
    } catch (error) {
      problems.push(`not JSON: ${(error as Error).message}`);
    }
    if (problems.length > 0) damaged.push({ path, bytes, problems });
  }
  return damaged.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)); // the same order on every machine
}
