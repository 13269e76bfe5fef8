import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newestPerMonth, parseTeamFilePath, sha256Hex, TEAM_DIR, teamFileProblems } from '@flowforge/core';

export interface DamagedTeamFile {
  /** Repo-relative path. */
  path: string;
  bytes: Buffer;
  problems: string[];
}

/**
 * The newest tracked team file of each month of `identity` (what reports read) whose bytes no
 * longer match the hash in its name, or that FlowForge would not have written. Imported v1
 * history (`<identity>/v1/`) is left out: only the migration can write it again.
 */
export async function damagedTeamFiles(repoRoot: string, identity: string): Promise<DamagedTeamFile[]> {
  const dir = `${TEAM_DIR}/${identity}`;
  // The folder itself holds tracked files only; imported history is in its `v1/` subfolder.
  const names = await readdir(join(repoRoot, dir)).catch(() => [] as string[]);
  const { chosen } = newestPerMonth(names.map((name) => `${dir}/${name}`));
  const damaged: DamagedTeamFile[] = [];
  for (const path of chosen) {
    const bytes = await readFile(join(repoRoot, path));
    const problems: string[] = [];
    if (sha256Hex(bytes).slice(0, 12) !== parseTeamFilePath(path)?.hash) problems.push('its bytes do not match the hash in its name');
    try {
      problems.push(...teamFileProblems(JSON.parse(bytes.toString('utf8')), path));
    } catch (error) {
      problems.push(`not JSON: ${(error as Error).message}`);
    }
    if (problems.length > 0) damaged.push({ path, bytes, problems });
  }
  return damaged.sort((a, b) => a.path.localeCompare(b.path));
}
