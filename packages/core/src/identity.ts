import { flowForgeError } from './errors.js';
import { isValidUserId } from './model/user-id.js';
import { builtin } from './builtins.js';

/**
 * Who is tracking (SPEC §4): `FLOWFORGE_USER`, else git's `flowforge.user`, else a slug of git's
 * `user.email`. The id names a folder and committed files, so anything outside the allowed
 * pattern is refused before a single file is touched.
 */
export function resolveUserId(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOWFORGE_USER !== undefined) return checked(env.FLOWFORGE_USER, 'FLOWFORGE_USER');
  const git = readGitIdentity(cwd);
  if (git.user !== undefined) return checked(git.user, 'git config flowforge.user');
  if (git.email !== undefined) return checked(slugOfEmail(git.email), `git config user.email (${git.email})`);
  throw flowForgeError('FF_NO_USER', {});
}

/** `Alice.Smith+work@Example.com` → `alice.smith-work-example.com`: the whole address, so two Alices differ. */
export function slugOfEmail(email: string): string {
  return email
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[._-]+$/, '');
}

function checked(id: string, source: string): string {
  if (!isValidUserId(id)) throw flowForgeError('FF_BAD_USER_ID', { id, source });
  return id;
}

/** Both settings in one git process: this runs on every tracking command. */
function readGitIdentity(cwd: string): { user?: string; email?: string } {
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
