import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { namesIn } from '@flowforge/core/internal';
import envPaths from 'env-paths';
import type { BackupOptions } from './options.js';
import { repoIdOf, slugOfRepoId } from './repo-id.js';

export const PLUGIN_NAME = '@flowforge/plugin-backup';

/**
 * Where backups live: the plugin's `dir` option (relative to the config file's folder), else
 * `FLOWFORGE_HOME`, else the platform's user data folder (env-paths: `~/.local/share/flowforge-nodejs`
 * or `$XDG_DATA_HOME/flowforge-nodejs` on Linux, `~/Library/Application Support/flowforge-nodejs`
 * on macOS, `%LOCALAPPDATA%\flowforge-nodejs\Data` on Windows).
 */
export function backupHome(options: Pick<BackupOptions, 'dir'>, configDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (options.dir) return resolve(configDir, options.dir);
  const home = env.FLOWFORGE_HOME?.trim();
  if (home) return resolve(home);
  return envPaths('flowforge').data;
}

/** `<home>/repos/<repo id>/<user>`: everything kept for one user of one clone. */
export function userBackupDir(home: string, repoId: string, user: string): string {
  return join(home, 'repos', repoId, user);
}

export function snapshotsDirOf(home: string, repoId: string, user: string): string {
  return join(userBackupDir(home, repoId, user), 'snapshots');
}

/** The id of the clone at `repoRoot`, from its real path (see `repoIdOf`). */
export async function repoIdOfClone(repoRoot: string): Promise<string> {
  return repoIdOf(realpathSync.native(repoRoot)); // synchronous: every snapshot asks
}

/**
 * Other clones' backup folders under `home` that hold snapshots of `user`, those of a folder with
 * the same name first: after a move or on a new laptop the clone's path, and so its id, changed.
 */
export async function otherClonesWithSnapshots(home: string, repoId: string, user: string): Promise<string[]> {
  const ids = namesIn(join(home, 'repos'));
  const found: string[] = [];
  for (const id of ids.sort()) {
    if (id === repoId) continue;
    const names = namesIn(snapshotsDirOf(home, id, user));
    if (names.some((name) => !name.startsWith('.'))) found.push(id);
  }
  const slug = slugOfRepoId(repoId);
  return [...found.filter((id) => slugOfRepoId(id) === slug), ...found.filter((id) => slugOfRepoId(id) !== slug)];
}
