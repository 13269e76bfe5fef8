import { builtin } from '../builtins.js';
import { SHA256_WASM } from './sha256-wasm.js';

/**
 * From this size on, Node's `crypto` hashes: it is ~6× faster per byte, which pays for the ~3 ms
 * of loading it. Below, the WebAssembly compression function of `sha256.wat` does (~0.3 ms to
 * compile), so a commit, which hashes a few kilobytes, never loads `crypto`. Both give the same
 * digest.
 */
const NATIVE_FROM_BYTES = 1 << 20;

/** FIPS 180-4 §5.3.3. */
const INITIAL_STATE = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
/** Where the module's memory holds the blocks to compress (see `sha256.wat`), and how many bytes of them. */
const BLOCKS_AT = 1024;
const BLOCKS_BYTES = 32 * 1024;
const BLOCK_BYTES = 64;

interface Compressor {
  memory: { buffer: ArrayBuffer };
  compress(at: number, count: number): void;
}

/** The part of the WebAssembly global used here: TypeScript declares it only in the DOM library. */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

let compressor: Compressor | undefined;

/** The SHA-256 digest of `data` (a string is hashed as UTF-8). */
export function sha256(data: string | Uint8Array): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (bytes.length >= NATIVE_FROM_BYTES) return builtin.crypto().createHash('sha256').update(bytes).digest();
  compressor ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(SHA256_WASM, 'base64'))).exports as Compressor;
  const memory = new Uint8Array(compressor.memory.buffer);
  const view = new DataView(compressor.memory.buffer);
  INITIAL_STATE.forEach((word, i) => view.setUint32(i * 4, word, true));

  const whole = bytes.length - (bytes.length % BLOCK_BYTES);
  for (let at = 0; at < whole; at += BLOCKS_BYTES) {
    const chunk = bytes.subarray(at, Math.min(at + BLOCKS_BYTES, whole));
    memory.set(chunk, BLOCKS_AT);
    compressor.compress(BLOCKS_AT, chunk.length / BLOCK_BYTES);
  }
  // Padding (§5.1.1): the rest, a 1 bit, zeros, and the length in bits as 64 bits, big-endian.
  const rest = bytes.length - whole;
  const lastBlocks = rest + 9 > BLOCK_BYTES ? 2 : 1;
  const end = BLOCKS_AT + lastBlocks * BLOCK_BYTES;
  memory.fill(0, BLOCKS_AT, end);
  memory.set(bytes.subarray(whole), BLOCKS_AT);
  memory[BLOCKS_AT + rest] = 0x80;
  const bits = bytes.length * 8;
  view.setUint32(end - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(end - 4, bits >>> 0);
  compressor.compress(BLOCKS_AT, lastBlocks);

  const digest = Buffer.allocUnsafe(32);
  for (let i = 0; i < 8; i++) digest.writeUInt32BE(view.getUint32(i * 4, true), i * 4);
  return digest;
}

/** The SHA-256 of `data`, in lower-case hex: what audit records, team file names and backups hold. */
export function sha256Hex(data: string | Uint8Array): string {
  return sha256(data).toString('hex');
}

/** HMAC-SHA-256 (RFC 2104), in lower-case hex: the same as `crypto.createHmac('sha256', key)`. */
export function hmacSha256Hex(key: string | Uint8Array, message: string | Uint8Array): string {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const block = Buffer.alloc(BLOCK_BYTES);
  block.set(keyBytes.length > BLOCK_BYTES ? sha256(keyBytes) : keyBytes);
  const padded = (pad: number) => block.map((byte) => byte ^ pad);
  const inner = sha256(Buffer.concat([padded(0x36), typeof message === 'string' ? Buffer.from(message, 'utf8') : message]));
  return sha256(Buffer.concat([padded(0x5c), inner])).toString('hex');
}
