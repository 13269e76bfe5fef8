import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsyncDirectory } from '@flowforge/core/internal';
import { userBackupDir } from './location.js';

/**
 * Erasure (GDPR): every snapshot of `user` of one clone. Renamed away first, so an interrupted
 * erasure leaves no half snapshot behind that would be listed as broken. Returns the folder that
 * was removed, or `null` when there was none.
 */
export async function eraseBackups(home: string, repoId: string, user: string): Promise<string | null> {
  const dir = userBackupDir(home, repoId, user);
  if (!existsSync(dir)) return null;
  const away = join(dirname(dir), `.erasing-${user}`);
  rmSync(away, { recursive: true, force: true });
  renameSync(dir, away);
  await fsyncDirectory(dirname(dir));
  rmSync(away, { recursive: true, force: true });
  return dir;
}
