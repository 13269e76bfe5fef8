import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { flowForgeError } from '../errors.js';
import { readIfRegular } from './regular-file.js';

/**
 * Everything under `.flowforge/` may have come from a teammate's commit, a bad merge or an accident,
 * so FlowForge never follows a link there: a link committed in place of a folder would make it read
 * or write outside the repository, and one in place of a file would make it read (and print) any
 * file of the machine. Paths are checked with `lstat`, component by component, and files are read
 * only when they are regular files of a bounded size (`regular-file.ts`).
 */

/** Team files and audit records are kilobytes: nothing FlowForge writes there comes near this. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;

/**
 * Refuses (`FF_LINK_REFUSED`) when any component of `relative` under `root` that exists is a
 * symbolic link, or is not a folder: writing or reading below it would leave FlowForge's folders.
 * Components that do not exist yet are fine (they will be created as folders).
 */
export function assertRealFolders(root: string, relative: string): void {
  let path = root;
  let shown = '';
  for (const part of relative.split(/[\\/]/).filter(Boolean)) {
    path = join(path, part);
    shown = shown ? `${shown}/${part}` : part;
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isSymbolicLink()) throw flowForgeError('FF_LINK_REFUSED', { path: shown, kind: 'a symbolic link' });
    if (!stat.isDirectory()) throw flowForgeError('FF_LINK_REFUSED', { path: shown, kind: 'not a folder' });
  }
}

/**
 * The bytes of the regular file at `path` (shown as `shown`), or `undefined` when it does not
 * exist; for a caller that listed its folder itself. A link, a folder, a device or a pipe is
 * refused by name (`FF_NOT_A_FILE`), as is a file over `maxBytes` (`FF_FILE_TOO_LARGE`): neither
 * is ever read.
 */
export function readRegularFile(path: string, shown: string, maxBytes = MAX_SMALL_FILE_BYTES): Buffer | undefined {
  const found = readIfRegular(path, maxBytes);
  if ('bytes' in found) return found.bytes;
  if ('refused' in found) throw flowForgeError('FF_NOT_A_FILE', { path: shown, kind: found.refused });
  if ('tooLarge' in found) throw flowForgeError('FF_FILE_TOO_LARGE', { path: shown, bytes: found.tooLarge, limit: maxBytes });
  return undefined;
}
