import { isJournalRecord, parseArchive, sha256Hex } from '@flowforge/core/internal';

/**
 * `/2`: the files are content-addressed objects shared by all snapshots (`objects/<sha256>`);
 * `/1` (read, never written any more): each snapshot held its files in its own `files/` folder.
 */
export const MANIFEST_SCHEMA = 'flowforge.snapshot/2';
export const MANIFEST_SCHEMAS = ['flowforge.snapshot/1', MANIFEST_SCHEMA] as const;
export const MANIFEST_FILE = 'manifest.json';

/** A daily log of the private layer, relative to the user's folder. */
export const DAILY_LOG = /^time\/daily\/(\d{4}-\d{2}-\d{2})\.jsonl$/;
/** The daily logs of a closed month, in one file (core's `month-archive.ts`). */
export const MONTH_ARCHIVE = /^time\/archive\/\d{4}-\d{2}\.jsonl$/;

/** A file whose records the snapshot counts: a daily log, or a month's archive of them. */
export function isJournalFile(path: string): boolean {
  return DAILY_LOG.test(path) || MONTH_ARCHIVE.test(path);
}

export interface ManifestFile {
  /** Relative to the user's private folder, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
}

/**
 * What one daily log or month archive holds (see `countsOf`), kept in `/2` manifests beside its
 * hash, so that the next snapshot counts only the logs that changed: the same bytes always count
 * the same.
 */
export interface LogCounts {
  records: number;
  entries: number;
  seconds: number;
  /** Complete lines that are not FlowForge records. */
  unreadable: number;
}

export type CountedFile = ManifestFile & Partial<LogCounts>;

export interface SnapshotTotals {
  files: number;
  bytes: number;
  /** Entries standing after every edit and removal. */
  entries: number;
  /** Records of the daily logs and month archives: they only grow while nothing is lost. */
  records: number;
  /** Tracked seconds of the standing entries. */
  seconds: number;
}

export interface Manifest {
  schema: (typeof MANIFEST_SCHEMAS)[number];
  id: string;
  user: string;
  repo: { id: string; path: string };
  createdAt: string;
  trigger: string;
  files: CountedFile[];
  totals: SnapshotTotals;
  /** Fewer records or seconds than the newest good snapshot before it: kept, flagged, warned about. */
  shrunk: boolean;
  /** The snapshot a shrunk one was compared with, and what it held. */
  comparedWith?: { id: string; records: number; seconds: number };
  /** Daily logs with lines FlowForge could not read: their bytes are kept, their records not counted. */
  unreadable?: string[];
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/*
 * Checked by hand rather than with zod: taking a snapshot reads a manifest that lists every file
 * of the private layer (hundreds), on every commit, and building a zod schema and running a
 * `z.object` per file made each commit noticeably slower.
 */
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isManifestFile(value: unknown): value is CountedFile {
  if (!isRecord(value)) return false;
  const { path, size, sha256, records, entries, seconds, unreadable } = value;
  const counts = [records, entries, seconds, unreadable];
  return isText(path) && isLayerPath(path) && isCount(size) && isText(sha256) && SHA256_HEX.test(sha256) && (counts.every((n) => n === undefined) || counts.every(isCount));
}

/**
 * A path inside a private layer, as `listFiles` gives them: `/`-separated names, none empty, `.`
 * or `..`, nothing absolute, no backslash or NUL. A manifest naming anything else would have
 * `recover` write outside the private folder, so it is broken, whoever wrote it.
 */
function isLayerPath(path: string): boolean {
  return path.length > 0 && !/[\\\0]/.test(path) && path.split('/').every((name) => name !== '' && name !== '.' && name !== '..');
}

function isManifest(value: unknown): value is Manifest {
  if (!isRecord(value)) return false;
  const { schema, id, user, repo, createdAt, trigger, files, totals, shrunk, comparedWith, unreadable } = value;
  return (
    MANIFEST_SCHEMAS.includes(schema as Manifest['schema']) &&
    [id, user, createdAt, trigger].every(isText) &&
    isRecord(repo) &&
    isText(repo.id) &&
    isText(repo.path) &&
    Array.isArray(files) &&
    files.every(isManifestFile) &&
    isRecord(totals) &&
    [totals.files, totals.bytes, totals.entries, totals.records, totals.seconds].every(isCount) &&
    typeof shrunk === 'boolean' &&
    (comparedWith === undefined || (isRecord(comparedWith) && isText(comparedWith.id) && isCount(comparedWith.records) && isCount(comparedWith.seconds))) &&
    (unreadable === undefined || (Array.isArray(unreadable) && unreadable.every(isText)))
  );
}

/** A file of the private layer, read once: what is hashed is what is copied. */
export interface LayerFile extends ManifestFile {
  bytes: Buffer;
}

export function layerFile(path: string, bytes: Buffer): LayerFile {
  return { path, size: bytes.length, sha256: sha256Hex(bytes), bytes };
}

export function parseManifest(value: unknown): Manifest | undefined {
  return isManifest(value) ? value : undefined;
}

/** Same paths with the same bytes: a new snapshot would add nothing. */
export function sameFiles(a: readonly ManifestFile[], b: readonly ManifestFile[]): boolean {
  if (a.length !== b.length) return false;
  const byPath = new Map(b.map((file) => [file.path, file]));
  return a.every((file) => {
    const other = byPath.get(file.path);
    return other !== undefined && other.sha256 === file.sha256 && other.size === file.size;
  });
}

export interface JournalTotals {
  records: number;
  /** Seconds of each entry standing at the end of the log, by id. */
  entries: Map<string, number>;
  /** Complete lines that are not FlowForge records (a torn last line from a crash is not one). */
  unreadable: number;
}

/** Replays one daily log as `UserStore.readLog` does, but never throws: a backup keeps damaged bytes too. */
export function journalTotals(bytes: Uint8Array): JournalTotals {
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.split('\n');
  // The part after the last newline is empty, or a torn line that the next write repairs.
  lines.pop();
  return replayed(
    lines.map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return undefined;
      }
    }),
  );
}

function replayed(records: readonly unknown[]): JournalTotals {
  const totals: JournalTotals = { records: 0, entries: new Map(), unreadable: 0 };
  for (const record of records) {
    if (!isJournalRecord(record)) {
      totals.unreadable += 1;
      continue;
    }
    totals.records += 1;
    if (record.op === 'rm') totals.entries.delete(record.id);
    else totals.entries.set(record.entry.id, (Date.parse(record.entry.end) - Date.parse(record.entry.start)) / 1000);
  }
  return totals;
}

/** What a snapshot of `files` holds (each daily log and month archive with its counts), and which of them have lines that could not be counted. */
export function totalsOf(files: readonly CountedFile[]): { totals: SnapshotTotals; unreadable: string[] } {
  const totals: SnapshotTotals = { files: files.length, bytes: 0, entries: 0, records: 0, seconds: 0 };
  const unreadable: string[] = [];
  for (const file of files) {
    totals.bytes += file.size;
    if (!isJournalFile(file.path)) continue;
    totals.records += file.records ?? 0;
    totals.entries += file.entries ?? 0;
    totals.seconds += file.seconds ?? 0;
    if ((file.unreadable ?? 0) > 0) unreadable.push(file.path);
  }
  return { totals, unreadable };
}

/**
 * The counts of a daily log (see `journalTotals`), or of a month archive: the sum of its days',
 * each replayed on its own as its daily log was (an entry moved between two days keeps its id).
 */
export function countsOf(path: string, bytes: Uint8Array): LogCounts {
  const archive = MONTH_ARCHIVE.test(path) ? parseArchive(bytes) : undefined;
  const replays = archive ? archive.days.map(({ records }) => replayed(records)) : [journalTotals(bytes)];
  const counts: LogCounts = { records: 0, entries: 0, seconds: 0, unreadable: archive?.unreadable ?? 0 };
  for (const replay of replays) {
    counts.records += replay.records;
    counts.entries += replay.entries.size;
    counts.unreadable += replay.unreadable;
    for (const entrySeconds of replay.entries.values()) counts.seconds += entrySeconds;
  }
  return counts;
}

/** The counts that `files` (a manifest's) hold for their daily logs and month archives, by content. */
export function countsByHash(files: readonly CountedFile[] | undefined): Map<string, LogCounts> {
  const known = new Map<string, LogCounts>();
  for (const { sha256: hash, records, entries, seconds, unreadable } of files ?? []) {
    if (records !== undefined && entries !== undefined && seconds !== undefined && unreadable !== undefined) known.set(hash, { records, entries, seconds, unreadable });
  }
  return known;
}
