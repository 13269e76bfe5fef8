import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newestPerMonth } from '../team/read.js';
import { TEAM_DIR } from '../team/team-file.js';
import { sha256Hex } from './sha256.js';

/**
 * The SHA-256 of each of `user`'s newest team files in the work tree (newest revision per source
 * × month, as reports choose them): what an audit record vouches for. Reads one user's folder,
 * whose size grows with months of history, not with entries.
 */
export async function teamChecksums(repoRoot: string, user: string): Promise<Record<string, string>> {
  const list = async (dir: string) => (await readdir(join(repoRoot, dir)).catch(() => [] as string[])).map((name) => `${dir}/${name}`);
  const paths = [...(await list(`${TEAM_DIR}/${user}`)), ...(await list(`${TEAM_DIR}/${user}/v1`))];
  const checksums: Record<string, string> = {};
  for (const path of newestPerMonth(paths).chosen) checksums[path] = sha256Hex(await readFile(join(repoRoot, path)));
  return checksums;
}
