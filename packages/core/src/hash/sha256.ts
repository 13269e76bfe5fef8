import { builtin } from '../builtins.js';

/** The SHA-256 of `data`, in lower-case hex: what audit records, team file names and backups hold. */
export function sha256Hex(data: string | Uint8Array): string {
  return builtin.crypto().createHash('sha256').update(data).digest('hex');
}

