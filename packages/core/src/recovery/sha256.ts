import { builtin } from '../builtins.js';

/** The SHA-256 of `bytes`, in lower-case hex: what audit records and team file names hold. */
export function sha256Hex(bytes: string | Uint8Array): string {
  return builtin.crypto().createHash('sha256').update(bytes).digest('hex');
}
