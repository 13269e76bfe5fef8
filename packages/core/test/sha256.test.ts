import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, sha256, sha256Hex } from '../src/hash/sha256.js';

const native = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('sha256 (WebAssembly below 1 MiB, Node crypto above)', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with Node crypto at every length around the block and padding edges', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(sha256Hex(bytes), `length ${length}`).toBe(native(bytes));
    }
  });

  it('agrees with Node crypto on any bytes and any text, chunked or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => sha256Hex(bytes) === native(bytes)),
      { numRuns: 60 },
    );
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => sha256Hex(text) === native(text)));
  });

  it('gives the same digest on both sides of the 1 MiB switch to Node crypto', () => {
    for (const length of [(1 << 20) - 1, 1 << 20, (1 << 20) + 65]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff);
      expect(sha256(bytes).toString('hex'), `length ${length}`).toBe(native(bytes));
    }
  });

  it('HMAC agrees with crypto.createHmac, for short and over-long keys', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 150 }), fc.string(), (key, message) => hmacSha256Hex(key, message) === createHmac('sha256', key).update(message).digest('hex')),
    );
  });

  it('runs the committed module assembled from sha256.wat', async () => {
    const { assembledSha256Module } = await import('../scripts/assemble-sha256.mjs');
    expect(readFileSync(new URL('../src/hash/sha256-wasm.ts', import.meta.url), 'utf8')).toBe(await assembledSha256Module());
  });
});
