import { builtin } from '../builtins.js';

/**
 * A clone id names one private layer's shard of a user's team files (`.flowforge/team/<user>/<clone>/`):
 * a laptop and a desktop of one developer each write their own, and readers sum them. Random, so it
 * says nothing about the machine; eight base-32 letters, which no other folder there can be (`v1`).
 */
export const CLONE_ID_PATTERN = /^[a-z2-7]{8}$/;

/** The file of a private layer (`.flowforge/user/<id>/`) that holds its clone id. */
export const CLONE_ID_FILE = 'clone';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function newCloneId(): string {
  return [...builtin.crypto().randomBytes(8)].map((byte) => BASE32[byte & 31]).join('');
}
