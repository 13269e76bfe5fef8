/**
 * The only I/O of the package: reading a v1 file. It reads and never moves or repairs it (unlike
 * the stores' `readJsonFile`, which quarantines a damaged file): the v1 file belongs to the team
 * and `--preserve-history` promises to leave it as it is.
 */
import { readFile } from 'node:fs/promises';

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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new V1FileError(path, (error as Error).message, { cause: error });
  }
  try {
    // Editors on Windows saved some v1 files with a byte-order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new V1FileError(path, (error as Error).message, { cause: error });
  }
}
