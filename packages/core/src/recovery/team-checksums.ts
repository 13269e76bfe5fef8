import { join } from 'node:path';
import { readRegularFile } from '../store/contained.js';
import { listUserTeamFiles, newestPerMonth } from '../team/read.js';
import { sha256Hex } from '../hash/sha256.js';

/**
 * The SHA-256 of each of `user`'s newest team files in the work tree (newest revision per shard ×
 * month, as reports choose them: every clone's, and v1 history): what an audit record vouches for.
 * A file in `vouched` keeps the checksum given there without being read: team files are never
 * edited (their names hold their hash), so what the trail's newest record vouched for is what
 * FlowForge wrote, and a commit reads only the files written since — not a year of months. Reads
 * one user's folders, whose size grows with months of history, not with entries.
 */
export async function teamChecksums(repoRoot: string, user: string, vouched: ReadonlyMap<string, string> = new Map()): Promise<Record<string, string>> {
  const checksums: Record<string, string> = {};
  // Synchronous, for the reason given in store/create-file.ts: a file per month, every commit.
  for (const path of newestPerMonth(listUserTeamFiles(repoRoot, user)).chosen) {
    const sha256 = vouched.get(path) ?? hashOf(readRegularFile(join(repoRoot, path), path));
    if (sha256 !== undefined) checksums[path] = sha256; // else it went away while listed
  }
  return checksums;
}

const hashOf = (bytes: Buffer | undefined): string | undefined => (bytes === undefined ? undefined : sha256Hex(bytes));
