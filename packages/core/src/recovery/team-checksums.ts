import { readFileSync } from 'node:fs';
import { namesIn } from '../store/names-in.js';
import { join } from 'node:path';
import { newestPerMonth } from '../team/read.js';
import { TEAM_DIR } from '../team/team-file.js';
import { sha256Hex } from '../hash/sha256.js';

/**
 * The SHA-256 of each of `user`'s newest team files in the work tree (newest revision per source
 * × month, as reports choose them): what an audit record vouches for. A file in `vouched` keeps
 * the checksum given there without being read: team files are never edited (their names hold
 * their hash), so what the trail's newest record vouched for is what FlowForge wrote, and a commit
 * reads only the files written since — not a year of months. Reads one user's folder, whose size
 * grows with months of history, not with entries.
 */
export async function teamChecksums(repoRoot: string, user: string, vouched: ReadonlyMap<string, string> = new Map()): Promise<Record<string, string>> {
  const list = (dir: string) => namesIn(join(repoRoot, dir)).map((name) => `${dir}/${name}`);
  const paths = [...list(`${TEAM_DIR}/${user}`), ...list(`${TEAM_DIR}/${user}/v1`)];
  const checksums: Record<string, string> = {};
  // Synchronous, for the reason given in store/create-file.ts: a file per month, every commit.
  for (const path of newestPerMonth(paths).chosen) checksums[path] = vouched.get(path) ?? sha256Hex(readFileSync(join(repoRoot, path)));
  return checksums;
}
