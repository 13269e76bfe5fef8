/**
 * Reading a v1 file. It reads and never repairs it (unlike the stores' `readJsonFile`, which
 * quarantines a damaged file): the v1 file belongs to the team and `--preserve-history` promises
 * to leave it as it is.
 */
import { readFile, stat } from 'node:fs/promises';
import { sha256Hex } from '@flowforge/core/internal';

export class V1FileError extends Error {
  override readonly name = 'V1FileError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${file} is not readable as v1 time data: ${reason}`, options);
  }
}

/** The parsed JSON of `path`, or `undefined` when there is no such file (so the caller can try the next candidate). */
export async function readV1File(path: string): Promise<unknown> {
  return (await loadV1File(path))?.json;
}

/** A v1 file as the migration uses it: its content, a hash of its bytes, and what it looked like before it was read. */
export interface LoadedV1File {
  json: unknown;
  /** SHA-256 of the bytes, hex: names the exact file a migration read, in the audit record. */
  sha256: string;
  /** Taken before the read: a file changed while it was read is read again next time, never skipped. */
  fingerprint: V1Fingerprint;
}

/** How the parallel run tells a v1 file changed without reading it. */
export interface V1Fingerprint {
  size: number;
  mtimeMs: number;
}

/** `loadV1File` without the content: `undefined` when there is no such file. */
export async function fingerprintOf(path: string): Promise<V1Fingerprint | undefined> {
  try {
    const stats = await stat(path);
    return { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new V1FileError(path, (error as Error).message, { cause: error });
  }
}

/** Reads, hashes and parses a v1 file; `undefined` when there is none. */
export async function loadV1File(path: string): Promise<LoadedV1File | undefined> {
  const fingerprint = await fingerprintOf(path);
  if (!fingerprint) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new V1FileError(path, (error as Error).message, { cause: error });
  }
  let json: unknown;
  try {
    // Editors on Windows saved some v1 files with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new V1FileError(path, (error as Error).message, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new V1FileError(path, 'expected a JSON object keyed by issue number');
  }
  return { json, sha256: sha256Hex(bytes), fingerprint };
}
