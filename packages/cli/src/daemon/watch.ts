import { type FSWatcher, statSync, watch } from 'node:fs';
import { join } from 'node:path';

export interface PrivateLayerWatcher {
  /** Watches the deepest folder that exists now, if that changed (call it now and then). */
  rearm(): void;
  close(): void;
}

/**
 * Calls `onChange` when the user's private layer may hold new work. Every entry written lands in
 * `time/` (its daily log in `time/daily/`, and its day in `time/changes`, which is what the daemon
 * looks at), so watching `time/` is enough. `fs.watch` is not recursive on Linux with Node 20, and
 * a watch dies with its folder (`git clean -xfd`, a restore): until `time/` exists, the nearest
 * existing parent is watched instead, and every event re-arms on the deepest folder that exists.
 */
export function watchPrivateLayer(repoRoot: string, user: string, onChange: () => void): PrivateLayerWatcher {
  const userDir = join(repoRoot, '.flowforge', 'user', user);
  const targets = [join(userDir, 'time'), userDir, join(repoRoot, '.flowforge', 'user'), join(repoRoot, '.flowforge'), repoRoot];
  let current: { path: string; ino: number; watcher: FSWatcher } | undefined;

  const close = () => {
    current?.watcher.close();
    current = undefined;
  };

  const rearm = () => {
    const target = deepestExisting(targets);
    // Same path, same folder (not one deleted and made again): the watch still works.
    if (current && target && current.path === target.path && current.ino === target.ino) return;
    close();
    if (!target) return;
    try {
      const watcher = watch(target.path, () => {
        onChange();
        rearm();
      });
      watcher.on('error', () => {
        if (current?.watcher === watcher) close(); // the poll arms a new one
      });
      current = { ...target, watcher };
    } catch {
      // Gone between stat and watch: the next event or poll arms again.
    }
  };

  rearm();
  return { rearm, close };
}

function deepestExisting(paths: readonly string[]): { path: string; ino: number } | undefined {
  for (const path of paths) {
    try {
      const info = statSync(path);
      if (info.isDirectory()) return { path, ino: info.ino };
    } catch {
      // not there (yet): try its parent
    }
  }
  return undefined;
}
