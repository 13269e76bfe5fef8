import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Where HEAD's reflog ended at some moment: its size and its last line. */
export interface ReflogMark {
  size: number;
  lastLine: string;
}

/**
 * Moves of HEAD that leave the index as the last pre-commit hook staged it: a commit commits the
 * index. Anything else (checkout, reset, merge, rebase, pull, cherry-pick, …) may have replaced it.
 */
const COMMIT = /^[0-9a-f]+ [0-9a-f]+ [^\t]*\tcommit(?: \((?:initial|amend|merge)\))?: /;

/** HEAD's reflog as it ends now, or `null` when this clone keeps none (then every commit checks in full). */
export function reflogMark(repoRoot: string): ReflogMark | null {
  const file = headReflog(repoRoot);
  if (!file) return null;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = fstatSync(fd);
    const tail = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const lines = tail.toString('utf8').split('\n');
    return { size, lastLine: lines.at(-2) ?? '' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether HEAD has only been committed to since `mark`: the reflog still holds the marked line
 * where it was (not rewritten by `git reflog expire`), and every line after it is a commit.
 * A few bytes are read: what was appended since, usually one line.
 */
export function onlyCommitsSince(repoRoot: string, mark: ReflogMark): boolean {
  const now = reflogMark(repoRoot);
  if (!now || now.size < mark.size) return false;
  const file = headReflog(repoRoot) as string;
  const markedLine = Buffer.from(mark.lastLine === '' ? '' : `${mark.lastLine}\n`);
  const start = mark.size - markedLine.length;
  if (start < 0) return false;
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(now.size - start);
    readSync(fd, bytes, 0, bytes.length, start);
    if (!bytes.subarray(0, markedLine.length).equals(markedLine)) return false;
    const added = bytes.subarray(markedLine.length).toString('utf8').split('\n').filter(Boolean);
    return added.every((line) => COMMIT.test(line));
  } finally {
    closeSync(fd);
  }
}

/** `<git dir>/logs/HEAD`: `.git` is the git dir, or (worktrees, submodules) a file naming it. */
function headReflog(repoRoot: string): string | null {
  const dotGit = join(repoRoot, '.git');
  const stat = statSync(dotGit, { throwIfNoEntry: false });
  if (!stat) return null;
  if (stat.isDirectory()) return join(dotGit, 'logs', 'HEAD');
  const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  if (!pointer) return null;
  return join(isAbsolute(pointer) ? pointer : join(repoRoot, pointer), 'logs', 'HEAD');
}
