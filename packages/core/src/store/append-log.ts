/**
 * Append-only JSON-lines logs (docs/architecture.md, "Storage rules"): one record per line, each append one
 * write followed by an fsync. A crash mid-append can only leave a last line without its newline:
 * that "torn tail" is reported and repaired. A complete line that does not parse cannot come from
 * a crash and is corruption, even the last one.
 *
 * The caller holds the store's lock (`withLock`) around appends and repairs: O_APPEND alone would
 * keep concurrent lines whole, but a repair truncates the file and must not cut off a line another
 * process has just appended.
 */
import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { flowForgeError, reasonOf } from '../errors.js';
import { decodeUtf8, parseJsonBytes } from './json-bytes.js';
import { ensurePrivateDir, fsyncDirectory, PRIVATE_FILE_MODE } from './private-dir.js';
import { quarantine } from './quarantine.js';

export interface TornTail {
  /** Byte offset where the torn bytes start; the log's complete lines end here. */
  offset: number;
  bytes: Buffer;
}

export interface LogContents {
  records: unknown[];
  /** The damaged end of the log, left out of `records`; `repairTornTail` moves it to quarantine. */
  torn: TornTail | undefined;
}

const NEWLINE = 0x0a;
/** Far larger than any record, so the tail of a log is nearly always read in one go. */
const TAIL_WINDOW = 64 * 1024;

/** The complete lines of `bytes` (which end with a newline), or `undefined` if they are not UTF-8. */
function decodedLines(bytes: Uint8Array): string[] | undefined {
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  lines.pop(); // after the last newline
  return lines;
}

/**
 * Reads every record. A torn tail (see `findTornTail`) is returned beside the records rather than
 * thrown, so a crash never stops the user from working; an unparsable line before it is copied to
 * quarantine with the whole file and thrown as FF_STORE_CORRUPT. A missing log has no records.
 */
export async function readRecords(path: string): Promise<LogContents> {
  let bytes: Buffer;
  try {
    // Synchronous: aggregating a month reads some forty logs, and each async read is a round trip
    // through libuv's threads (see create-file.ts).
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], torn: undefined };
    // Reading a folder fails without naming it: the path makes it FF_WRONG_KIND rather than a bug.
    (error as NodeJS.ErrnoException).path ??= path;
    throw error;
  }
  const torn = findTornTail(bytes, 0);
  const completeEnd = torn?.offset ?? bytes.length;
  const records: unknown[] = [];
  // The whole log decoded and parsed line by line at once; only a failure goes back over it line by
  // line, to say which line is bad (a month's aggregation reads hundreds of records).
  const lines = decodedLines(bytes.subarray(0, completeEnd));
  if (lines !== undefined) {
    try {
      for (const line of lines) records.push(JSON.parse(line));
      return { records, torn };
    } catch {
      records.length = 0;
    }
  }
  for (let lineStart = 0, lineNumber = 1; lineStart < completeEnd; lineNumber += 1) {
    const lineEnd = bytes.indexOf(NEWLINE, lineStart);
    try {
      records.push(parseJsonBytes(bytes.subarray(lineStart, lineEnd)));
    } catch (error) {
      const keptAt = await quarantine(path, bytes);
      throw flowForgeError('FF_STORE_CORRUPT', { file: path, reason: `line ${lineNumber}: ${reasonOf(error)}`, keptAt }, error);
    }
    lineStart = lineEnd + 1;
  }
  return { records, torn };
}

/**
 * Appends `records` as complete lines in one write and fsyncs them, creating the log (0600) and its
 * folder (0700) as needed. A torn tail left by an earlier crash is repaired first, so the new lines
 * never glue onto garbage. Returns where that torn tail was kept, if there was one.
 */
export async function appendRecords(path: string, records: readonly unknown[]): Promise<string | undefined> {
  if (records.length === 0) return undefined;
  // Serialized before the file is touched, so a record that cannot be stored changes nothing.
  const lines = Buffer.from(records.map(toLine).join(''));
  await ensurePrivateDir(dirname(path));
  // Synchronous calls on a descriptor: each async one is a round trip through libuv's threads,
  // and every `start`, `stop` and edit appends (see create-file.ts).
  const fd = openSync(path, 'a+', PRIVATE_FILE_MODE);
  try {
    const { length, keptAt } = await cutTornTail(fd, path);
    try {
      writeFileSync(fd, lines);
      fdatasyncSync(fd);
    } catch (error) {
      // Undo a partial append: lines that did land would be duplicated when the caller retries.
      try {
        ftruncateSync(fd, length);
      } catch {
        // If even the undo fails, the original error is the one worth reporting.
      }
      throw error;
    }
    // An empty log may have just been created; its name must be as durable as its lines.
    if (length === 0) await fsyncDirectory(dirname(path));
    return keptAt;
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves a torn tail to quarantine and truncates the log to its last complete line. Returns where
 * the bytes were kept, or `undefined` when the log is missing or ends cleanly.
 */
export async function repairTornTail(path: string): Promise<string | undefined> {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return (await cutTornTail(fd, path)).keptAt;
  } finally {
    closeSync(fd);
  }
}

function toLine(record: unknown): string {
  const json = JSON.stringify(record);
  if (json === undefined) {
    throw flowForgeError('FF_INTERNAL', { reason: `a log record cannot be ${typeof record}` });
  }
  return `${json}\n`;
}

/** Reads only the end of the log: the cost of an append must not grow with its history. */
async function cutTornTail(fd: number, path: string): Promise<{ length: number; keptAt: string | undefined }> {
  const { size } = fstatSync(fd);
  if (size === 0) return { length: 0, keptAt: undefined };
  const { start, window } = readTail(fd, size);
  const torn = findTornTail(window, start);
  if (torn === undefined) return { length: size, keptAt: undefined };
  // Kept (and fsynced) before the truncation, so no crash in between can lose them.
  const keptAt = await quarantine(path, torn.bytes);
  ftruncateSync(fd, torn.offset);
  fsyncSync(fd);
  return { length: torn.offset, keptAt };
}

/** The last `window` bytes of the file, starting at `start`, grown until they hold its last line. */
function readTail(fd: number, size: number): { start: number; window: Buffer } {
  for (let length = Math.min(size, TAIL_WINDOW); ; length = Math.min(size, length * 2)) {
    const start = size - length;
    const buffer = Buffer.alloc(length);
    const bytesRead = readSync(fd, buffer, 0, length, start);
    const window = buffer.subarray(0, bytesRead);
    if (start === 0 || newlineBeforeLastLine(window) >= 0) return { start, window };
  }
}

/**
 * The last line of a log is torn when it lacks its newline: the write stopped part-way, and even
 * if the part parses, the append was never acknowledged (a file system that extended the file
 * without writing its blocks leaves NUL bytes, and no newline either). A complete line that does
 * not parse is damage, wherever it is: reading it throws FF_STORE_CORRUPT. `bytes` is the end of
 * the log from file offset `start`, long enough to hold its last line.
 */
function findTornTail(bytes: Buffer, start: number): TornTail | undefined {
  if (bytes.length === 0 || bytes.at(-1) === NEWLINE) return undefined;
  const lineStart = bytes.lastIndexOf(NEWLINE) + 1;
  return { offset: start + lineStart, bytes: bytes.subarray(lineStart) };
}

/** Index of the newline that ends the second-to-last line, or -1 if `bytes` holds none. */
function newlineBeforeLastLine(bytes: Buffer): number {
  const lastLineEnd = bytes.at(-1) === NEWLINE ? bytes.length - 1 : bytes.length;
  return lastLineEnd === 0 ? -1 : bytes.lastIndexOf(NEWLINE, lastLineEnd - 1);
}
