import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createFileDurably } from './create-file.js';
import { ensurePrivateDir, fsyncDirectory, PRIVATE_FILE_MODE } from './private-dir.js';
import { uniqueSuffix } from './unique-suffix.js';

/** Beside the damaged file, so a user looking for lost data finds it next to where it was. */
export const QUARANTINE_DIR = '.quarantine';

/**
 * Keeps a copy of damaged bytes before anything repairs, truncates or replaces the file they came
 * from (Timewarrior #772 and Watson #499 lost data by doing those first). `bytes` defaults to the
 * file's current content. The copy lands at `<dir>/.quarantine/<name>.<UTC stamp>.<random>`: the
 * stamp orders copies for a human, the random part keeps two copies in one millisecond apart, and
 * an exclusive create means an existing copy is never overwritten. Nothing here deletes anything.
 *
 * The copy and its folder entry are fsynced before this returns, because callers destroy the
 * original right after (see `repairTornTail`).
 */
export async function quarantine(path: string, bytes?: Uint8Array): Promise<string> {
  const content = bytes ?? readFileSync(path);
  const folder = join(dirname(path), QUARANTINE_DIR);
  await ensurePrivateDir(folder);
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  const keptAt = join(folder, `${basename(path)}.${stamp}.${uniqueSuffix()}`);
  await createFileDurably(keptAt, content, PRIVATE_FILE_MODE);
  await fsyncDirectory(folder);
  return keptAt;
}
