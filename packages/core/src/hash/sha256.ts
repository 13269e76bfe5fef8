import { builtin } from '../builtins.js';

/** The SHA-256 digest of `data` (a string is hashed as UTF-8). */
export function sha256(data: string | Uint8Array): Buffer {
  return builtin.crypto().createHash('sha256').update(data).digest();
}

/** The SHA-256 of `data`, in lower-case hex: what audit records, team file names and backups hold. */
export function sha256Hex(data: string | Uint8Array): string {
  return builtin.crypto().createHash('sha256').update(data).digest('hex');
}

/** HMAC-SHA-256 (RFC 2104) of `message` under `key`, in lower-case hex (strings as UTF-8). */
export function hmacSha256Hex(key: string | Uint8Array, message: string | Uint8Array): string {
  return builtin.crypto().createHmac('sha256', key).update(message).digest('hex');
}
