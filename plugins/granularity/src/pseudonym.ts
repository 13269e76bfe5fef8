import { hmacSha256Hex } from '@flowforge/core';

/**
 * A stable keyed hash of a user id: the same on every machine with the team's salt, and not
 * reversible by trying names without it. Shaped like a user id, so it can name a folder.
 */
export function pseudonymOf(user: string, salt: string): string {
  return `p-${hmacSha256Hex(salt, user).slice(0, 16)}`;
}
