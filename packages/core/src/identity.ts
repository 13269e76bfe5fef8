import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { flowForgeError } from './errors.js';
import { sha256Hex } from './hash/sha256.js';
import { isValidUserId } from './model/user-id.js';
import { builtin } from './builtins.js';

/**
 * Who is tracking (docs/tracking.md): `FLOWFORGE_USER`, else git's `flowforge.user` (which `flowforge init`
 * sets), else an id made from git's `user.email` that no other e-mail maps to. The id names a
 * folder and committed files, so anything outside the allowed pattern is refused before a single
 * file is touched.
 */
export function resolveUserId(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOWFORGE_USER !== undefined) return checked(env.FLOWFORGE_USER, 'FLOWFORGE_USER');
  const git = readGitIdentity(repoRoot);
  if (git.user !== undefined) return checked(git.user, 'git config flowforge.user');
  if (git.email === undefined) throw flowForgeError('FF_NO_USER', {});
  const id = userIdOfEmail(git.email);
  // Before ids were collision-free, an e-mail such as `jörg@firma.de` had the id `j-rg-firma.de`:
  // a developer whose data is under that id must choose, not find their time gone.
  const earlier = readableSlug(git.email);
  if (earlier !== id && isValidUserId(earlier) && !existsSync(userDir(repoRoot, id)) && existsSync(userDir(repoRoot, earlier)))
    throw flowForgeError('FF_USER_ID_CHANGED', { email: git.email, id, earlier });
  return id;
}

/**
 * `alice@example.com` → `alice-example.com`. Injective: an address of plain ASCII whose local part
 * has no hyphen maps to `<local>-<domain>`, so the first hyphen stands for the `@` and the address
 * can be read back; any other (accents, `+`, a hyphen before the `@`, too long for an id) gets a
 * readable prefix and `-` with 10 hex digits of the address's SHA-256 — a tail no plain id has, as
 * a plain id ends in `.` and letters (its top-level domain). Case is ignored, as mail servers do.
 */
export function userIdOfEmail(email: string): string {
  const address = email.trim().toLowerCase();
  const plain = /^([a-z0-9][a-z0-9._]*)@([a-z0-9][a-z0-9.-]*\.[a-z]+)$/.exec(address);
  if (plain) {
    const id = `${plain[1]}-${plain[2]}`;
    if (isValidUserId(id)) return id;
  }
  const prefix = readableSlug(address).slice(0, 52).replace(/[._-]+$/, '') || 'user';
  return `${prefix}-${sha256Hex(address).slice(0, 10)}`;
}

/**
 * Any name as lower-case letters, digits, `.`, `_` and `-` (`Alice Smith` → `alice-smith`): easy to
 * read, but not injective (`a+b` and `a-b` meet), so never a user id on its own. The v1 importer
 * files old user names under it and reports each rename.
 */
export function readableSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[._-]+$/, '');
}

/** Records `id` as the clone's `flowforge.user`, so that it never changes behind the developer's back. */
export function recordUserId(repoRoot: string, id: string): void {
  const result = builtin.childProcess().spawnSync('git', ['config', '--local', 'flowforge.user', id], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw flowForgeError('FF_GIT_FAILED', { command: 'git config --local flowforge.user', reason: (result.stderr ?? '').trim() });
}

/** Where a user's private layer lives; `UserStore` owns what is inside. */
const userDir = (repoRoot: string, id: string): string => join(repoRoot, '.flowforge', 'user', id);

function checked(id: string, source: string): string {
  if (!isValidUserId(id)) throw flowForgeError('FF_BAD_USER_ID', { id, source });
  return id;
}

/** Both settings in one git process: this runs on every tracking command. */
export function readGitIdentity(cwd: string): { user?: string; email?: string } {
  const result = builtin.childProcess().spawnSync('git', ['config', '--get-regexp', '^(flowforge\\.user|user\\.email)$'], { cwd, encoding: 'utf8' });
  const found: { user?: string; email?: string } = {};
  for (const line of (result.stdout ?? '').split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const [key, value] = [line.slice(0, space), line.slice(space + 1).trim()];
    if (key === 'flowforge.user') found.user = value;
    if (key === 'user.email') found.email = value;
  }
  return found;
}
