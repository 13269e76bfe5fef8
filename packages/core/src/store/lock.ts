/**
 * One process at a time per user store (docs/architecture.md, "Storage rules"): the git hook, the daemon
 * and the CLI all run `withLock` around their reads and writes of the same store.
 *
 * The lock is a file holding who made it, written whole under a temporary name and then
 * hard-linked into place: `link` fails if the lock exists, and the lock is never seen half
 * written. (Created in place with O_EXCL, a process killed between creating and writing it left
 * an empty lock that stalled everyone until it turned stale.) It is not fsynced: a lock only
 * matters while its holder runs, and after a power cut every holder is gone; a lock file that came
 * back empty is judged by its age alone.
 *
 * Not reentrant: a nested `withLock` on a lock its own caller holds waits for itself and fails with
 * FF_STORE_LOCKED after `timeoutMs`. Concurrent calls within one process queue like processes do.
 */
import { closeSync, futimes, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { isProcessAlive } from './process-alive.js';
import { flowForgeError } from '../errors.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-dir.js';
import { builtin } from '../builtins.js';
import { uniqueSuffix } from './unique-suffix.js';
import { unlinkIfPresent } from './unlink-if-present.js';

export interface LockOptions {
  /** How long to wait for a live holder before failing with FF_STORE_LOCKED. */
  timeoutMs?: number;
  /** A lock whose file has not been touched for this long is abandoned, whoever holds it. */
  staleMs?: number;
}

interface LockHolder {
  pid: number;
  hostname: string;
  createdAt: string;
  /** Tells this lock from a later one by the same process, so release never deletes another's. */
  token: string;
}

interface LockState {
  /** `undefined` while the creator is still writing it, or if it is not a FlowForge lock. */
  holder: LockHolder | undefined;
  ageMs: number;
}

interface HeldLock {
  /** Kept open to touch the lock (`futimes`) while it is held, whatever its path holds by then. */
  fd: number;
  content: string;
}

/**
 * Runs `fn` while holding the lock at `lockPath`, waiting with short jittered retries (so waiters
 * started together do not retry in step) while a live process holds it. A lock is stale when its
 * holder is a dead process on this host, or its file is older than `staleMs`, which covers holders
 * on another host and pids reused after a crash. A holder therefore touches its lock every
 * `staleMs / 3` while `fn` runs, so long work is not mistaken for an abandoned lock.
 */
export async function withLock<T>(
  lockPath: string,
  fn: () => Promise<T> | T,
  { timeoutMs = 10_000, staleMs = 30_000 }: LockOptions = {},
): Promise<T> {
  const held = await acquire(lockPath, timeoutMs, staleMs);
  const heartbeat = setInterval(() => {
    const now = new Date();
    // Through the descriptor, not the path: if the lock was ever taken over, the new holder's
    // file must not be kept fresh by us. A failed touch only risks that; there is no one to tell.
    futimes(held.fd, now, now, () => undefined);
  }, staleMs / 3);
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await release(lockPath, held);
  }
}

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<HeldLock> {
  await ensurePrivateDir(dirname(lockPath));
  const token = uniqueSuffix();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = await tryCreate(lockPath, token);
    if (held !== undefined) return held;
    const state = await readLock(lockPath);
    if (state === undefined) continue; // released in between: try again at once
    if (isStale(state, staleMs) && (await breakStaleLock(lockPath, staleMs))) continue;
    if (Date.now() >= deadline) {
      throw flowForgeError('FF_STORE_LOCKED', { lock: lockPath, holder: describeHolder(state.holder) });
    }
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
}

/**
 * Creates the lock if no one holds it; `undefined` if someone does. Synchronous inside, like the
 * release: every command and commit takes the lock, and each async step is a round trip through
 * libuv's threads.
 */
async function tryCreate(lockPath: string, token: string): Promise<HeldLock | undefined> {
  // Real clock, never FLOWFORGE_NOW: staleness compares it with the file system's times.
  const holder: LockHolder = { pid: process.pid, hostname: builtin.os().hostname(), createdAt: new Date().toISOString(), token };
  const content = JSON.stringify(holder);
  const temp = `${lockPath}.${token}.tmp`;
  const fd = openSync(temp, 'w', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, content);
    linkSync(temp, lockPath);
    return { fd, content };
  } catch (error) {
    closeSync(fd);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    if (code !== undefined && NO_HARD_LINKS.has(code)) return createInPlace(lockPath, content);
    throw error;
  } finally {
    unlinkIfPresent(temp); // the lock, when linked, keeps the file
  }
}

/** What a file system without hard links (FAT, some network shares) answers `link` with. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Where links are refused: created with O_EXCL and written at once, the window kept small. */
async function createInPlace(lockPath: string, content: string): Promise<HeldLock | undefined> {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    // A lock we cannot describe would stall everyone until it turns stale; give it up.
    closeSync(fd);
    unlinkSync(lockPath);
    throw error;
  }
  return { fd, content };
}

async function readLock(lockPath: string): Promise<LockState | undefined> {
  try {
    const content = readFileSync(lockPath, 'utf8');
    return { holder: parseHolder(content), ageMs: Date.now() - statSync(lockPath).mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(content: string): LockHolder | undefined {
  try {
    const value = JSON.parse(content) as Partial<LockHolder>;
    // A pid of 0 or below would make `process.kill` probe a whole process group.
    const valid =
      Number.isInteger(value.pid) &&
      (value.pid as number) > 0 &&
      typeof value.hostname === 'string' &&
      typeof value.createdAt === 'string' &&
      typeof value.token === 'string';
    return valid ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(state: LockState, staleMs: number): boolean {
  if (state.ageMs > staleMs) return true;
  return state.holder !== undefined && state.holder.hostname === builtin.os().hostname() && !isProcessAlive(state.holder.pid);
}

/**
 * Two waiters can judge one lock stale at the same moment. Were both to delete it, the slower one
 * could delete the lock the faster one had just created, and both would run. So breaking a lock is
 * itself exclusive: only the creator of `<lock>.breaking` may delete the lock, and it judges the
 * lock again first, as it may have been replaced since it was read. A dead holder cannot release
 * its lock, so while the guard is held that lock cannot change under the breaker.
 *
 * Returns false when another process is breaking the lock, and the caller waits as usual.
 */
async function breakStaleLock(lockPath: string, staleMs: number): Promise<boolean> {
  const guardPath = `${lockPath}.breaking`;
  let guard: number;
  try {
    guard = openSync(guardPath, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await removeAbandonedGuard(guardPath, staleMs);
    return false;
  }
  try {
    const state = await readLock(lockPath);
    if (state !== undefined && isStale(state, staleMs)) unlinkIfPresent(lockPath);
    return true;
  } finally {
    closeSync(guard);
    unlinkSync(guardPath);
  }
}

/**
 * A guard is held for a few file operations, so one older than `staleMs` was left by a process
 * that died while breaking a lock. Two waiters removing such a guard at the same moment could
 * again both break: that takes a crash and a race within the same instant, which is accepted.
 */
async function removeAbandonedGuard(guardPath: string, staleMs: number): Promise<void> {
  try {
    if (Date.now() - statSync(guardPath).mtimeMs > staleMs) unlinkSync(guardPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Deletes the lock only if it is still ours: after a takeover the file belongs to another. */
async function release(lockPath: string, { fd, content }: HeldLock): Promise<void> {
  closeSync(fd);
  let current: string;
  try {
    current = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (current === content) unlinkIfPresent(lockPath);
}

function describeHolder(holder: LockHolder | undefined): string {
  return holder === undefined ? 'an unidentified process' : `pid ${holder.pid} on ${holder.hostname}, since ${holder.createdAt}`;
}
