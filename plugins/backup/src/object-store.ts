import { readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createFileDurably, ensurePrivateDir, fsyncDirectory, namesIn, sha256Hex, stampOf, uniqueSuffix } from '@flowforge/core/internal';

/** Objects are never written after creation; read-only makes an in-place edit fail loudly. */
const OBJECT_MODE = 0o400;
const SHA256_NAME = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = '.tmp-';

export type ObjectState = 'intact' | 'missing' | 'damaged';

/**
 * The bytes of every snapshot, each distinct file content stored once as `objects/<sha256>`
 * (as git and restic store theirs). A new snapshot writes only the contents no snapshot holds yet
 * — usually the day's log and `current.json` — and deleting a snapshot deletes no file another
 * one needs: `collectGarbage` removes only what no kept manifest names.
 * The caller holds the user's store lock: one writer at a time.
 */
export class ObjectStore {
  /**
   * Objects hashed in this process, by name and stamp: snapshots share them, so verifying thirty
   * costs about one; an object changed since is hashed again.
   */
  readonly #checked = new Map<string, ObjectState>();

  constructor(readonly dir: string) {}

  path(sha: string): string {
    return join(this.dir, sha);
  }

  /** The names of the objects stored (a missing folder holds none). */
  names(): Set<string> {
    return new Set(namesIn(this.dir).filter((name) => SHA256_NAME.test(name)));
  }

  /** Whether the object holds exactly the bytes its name hashes, read and hashed once per process. */
  state(sha: string, size: number): ObjectState {
    const stat = statSync(this.path(sha), { throwIfNoEntry: false });
    if (stat === undefined) return 'missing';
    const key = `${sha}:${stampOf(stat)}`;
    const known = this.#checked.get(key);
    if (known !== undefined) return known;
    const bytes = this.read(sha, size);
    const state = bytes === undefined ? 'damaged' : 'intact';
    this.#checked.set(key, state);
    return state;
  }

  /** The object's bytes, or `undefined` when it is missing or does not hash to its name. */
  read(sha: string, size: number): Buffer | undefined {
    try {
      const bytes = readFileSync(this.path(sha));
      return bytes.length === size && sha256Hex(bytes) === sha ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores `bytes` under their hash: written and fsynced under a temp name, then renamed into
   * place, so an object is whole or absent. A damaged object of the same name is replaced, which
   * repairs every snapshot that names it. The caller fsyncs the folder (`sync`) once it is done.
   */
  async write(sha: string, bytes: Buffer): Promise<void> {
    await ensurePrivateDir(this.dir);
    const temp = join(this.dir, `${TEMP_PREFIX}${uniqueSuffix()}`);
    try {
      await createFileDurably(temp, bytes, OBJECT_MODE);
      renameSync(temp, this.path(sha));
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /** Makes the names of the objects written so far durable. */
  async sync(): Promise<void> {
    await fsyncDirectory(this.dir);
  }

  /** Removes the objects no snapshot in `kept` names, and temp files a crash left; returns how many went. */
  collectGarbage(kept: ReadonlySet<string>): number {
    let removed = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (SHA256_NAME.test(name) ? kept.has(name) : !name.startsWith(TEMP_PREFIX)) continue;
      unlinkSync(this.path(name));
      removed += 1;
    }
    return removed;
  }
}
