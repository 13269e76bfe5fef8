import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, sha256, sha256Hex } from '../src/hash/sha256.js';

describe('sha256', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256(new TextEncoder().encode('abc')).toString('hex')).toBe(sha256Hex('abc'));
  });

  it('hashes text as UTF-8', () => {
    const text = 'Zoë → 42 ✓';
    expect(sha256Hex(text)).toBe(sha256Hex(Buffer.from(text, 'utf8')));
  });

  it('HMAC gives the RFC 4231 test vectors, for a short and an over-long key', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(hmacSha256Hex(Buffer.alloc(131, 0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });
});
