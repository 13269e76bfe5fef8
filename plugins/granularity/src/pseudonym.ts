import { createHmac } from 'node:crypto';

/**
 * A stable keyed hash of a user id (HMAC-SHA-256 keyed with the team's salt): the same on every
 * machine with that salt, and not reversible by trying names without it. Shaped like a user id,
 * so it can name a folder.
 */
export function pseudonymOf(user: string, salt: string): string {
  return `p-${createHmac('sha256', salt).update(user).digest('hex').slice(0, 16)}`;
}
