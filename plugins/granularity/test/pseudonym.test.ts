import { expect, it } from 'vitest';
import { pseudonymOf } from '../src/pseudonym.js';

it('keeps the pseudonyms already committed: HMAC-SHA-256 of the id under the salt, first 16 hex digits', () => {
  // Computed outside FlowForge: python3 -c "import hmac,hashlib; print(hmac.new(b'team-salt', b'alice@example.com', hashlib.sha256).hexdigest()[:16])"
  expect(pseudonymOf('alice@example.com', 'team-salt')).toBe('p-637ea3830d3a6cad');
  expect(pseudonymOf('alice@example.com', 'other-salt')).not.toBe('p-637ea3830d3a6cad');
});
