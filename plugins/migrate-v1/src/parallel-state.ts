/**
 * What the parallel run last imported, per user of this clone: `.flowforge/daemon/migrate-v1.json`
 * (git-ignored runtime state). A run whose v1 file has the same size and modification time is
 * skipped after one `stat`, so the hook pays nothing while the v1 file does not change.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ignoreEverythingIn, writeFileAtomic } from '@flowforge/core/internal';
import type { V1Fingerprint } from './read-file.js';

export const STATE_FILE = '.flowforge/daemon/migrate-v1.json';

interface Imported extends V1Fingerprint {
  /** The v1 file, relative to the repo root. */
  file: string;
}

type State = Record<string, Imported>;

async function readState(repoRoot: string): Promise<State> {
  try {
    const value = JSON.parse(await readFile(join(repoRoot, STATE_FILE), 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as State) : {};
  } catch {
    return {}; // missing or damaged: the next run imports again, which changes nothing twice
  }
}

/** True when `user` last imported exactly this file, unchanged. */
export async function importedAlready(repoRoot: string, user: string, file: string, fingerprint: V1Fingerprint): Promise<boolean> {
  const last = (await readState(repoRoot))[user];
  return last !== undefined && last.file === file && last.size === fingerprint.size && last.mtimeMs === fingerprint.mtimeMs;
}

export async function rememberImport(repoRoot: string, user: string, file: string, fingerprint: V1Fingerprint): Promise<void> {
  const state = await readState(repoRoot);
  state[user] = { file, size: fingerprint.size, mtimeMs: fingerprint.mtimeMs };
  await ignoreEverythingIn(join(repoRoot, '.flowforge', 'daemon'));
  await writeFileAtomic(join(repoRoot, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}
