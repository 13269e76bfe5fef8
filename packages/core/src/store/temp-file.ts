import { basename, dirname, join } from 'node:path';
import { namesIn } from './names-in.js';
import { isProcessAlive } from './process-alive.js';
import { uniqueSuffix } from './unique-suffix.js';
import { unlinkIfPresent } from './unlink-if-present.js';

/**
 * Where `writeFileAtomic` writes before it renames: `.<name>.<pid>-<count>-<random>.tmp` beside
 * `path`. The leading dot and the `.tmp` end keep it out of every reader's name pattern, and the
 * writer's pid in the name lets the next run tell a write that is still going on from one a crash
 * or a kill interrupted.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${uniqueSuffix()}.tmp`);
}

const TEMP_NAME = /^\..+\.([0-9a-z]+)-[0-9a-z]+-[0-9a-z]*\.tmp$/;

/** Whether `name` (a file name, or a path's last part) is one `tempPathFor` makes. */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(basename(name));
}

/**
 * Removes the temp files in `dir` whose writer is no longer running: what a killed or crashed write
 * left. One of this very process is stale too (its writes finish before they return), as is one of
 * a pid the machine reused since. Returns the names removed.
 */
export function removeStaleTempFiles(dir: string): string[] {
  const removed: string[] = [];
  for (const name of namesIn(dir)) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (pid === undefined || isRunning(Number.parseInt(pid, 36))) continue;
    try {
      unlinkIfPresent(join(dir, name));
      removed.push(name);
    } catch {
      // A folder of that name was not made by a write: `verify` names it.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  return pid !== process.pid && Number.isSafeInteger(pid) && pid > 0 && isProcessAlive(pid);
}
