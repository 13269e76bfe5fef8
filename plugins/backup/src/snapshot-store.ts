import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createFileDurably, ensurePrivateDir, flowForgeError, fsyncDirectory, PRIVATE_DIR_MODE, uniqueSuffix } from '@flowforge/core';
import { type LayerFile, type Manifest, MANIFEST_FILE, type ManifestFile, parseManifest, sha256 } from './manifest.js';
import { listFiles } from './private-layer.js';

/** `<sequence>-<UTC stamp>`: the sequence orders snapshots whatever the clock did. */
export const SNAPSHOT_ID = /^(\d{6,})-(\d{8}T\d{6}Z)$/;
/** The files of a snapshot sit in a folder of their own, beside `manifest.json`. */
const FILES_DIR = 'files';
/** Snapshot files are never written after creation; read-only makes an in-place edit fail loudly. */
const SNAPSHOT_FILE_MODE = 0o400;
/** A snapshot being written, or being deleted: neither is ever listed. */
const TEMP_PREFIX = '.tmp-';
const DELETING_PREFIX = '.del-';

export interface SnapshotInfo {
  id: string;
  seq: number;
  dir: string;
  /** `undefined` when `manifest.json` is missing or unreadable (the snapshot is then broken). */
  manifest: Manifest | undefined;
  status: 'good' | 'broken';
  /** Why it is broken: each file that is missing, unexpected or does not match its manifest. */
  problems: string[];
}

export interface CreatedSnapshot {
  info: SnapshotInfo;
  /** Files hard-linked from the previous snapshot (unchanged), and files written anew. */
  linked: number;
  copied: number;
}

/**
 * SHA-256 of files, each inode hashed once per process: snapshots share their unchanged files as
 * hard links, so verifying thirty snapshots costs about as much as reading one.
 */
class FileHasher {
  readonly #byInode = new Map<string, Promise<ManifestFile>>();

  // Synchronous for the reason given in private-layer.ts: hundreds of small files.
  async hash(path: string, relative: string): Promise<ManifestFile> {
    const info = statSync(path, { bigint: true });
    const key = info.ino === 0n ? undefined : `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}`;
    const cached = key === undefined ? undefined : this.#byInode.get(key);
    const hashed = cached ?? Promise.resolve(readFileSync(path)).then((bytes) => ({ path: relative, size: bytes.length, sha256: sha256(bytes) }));
    if (key !== undefined && cached === undefined) this.#byInode.set(key, hashed);
    return { ...(await hashed), path: relative };
  }
}

/**
 * The snapshots of one user of one clone, `<home>/repos/<repo id>/<user>/snapshots/<id>/`
 * (`manifest.json` + `files/…`). A snapshot is written to a temp folder, every file and folder
 * fsynced, then renamed into place, so a crash leaves either no snapshot or a whole one; it is
 * deleted by renaming it away first, so a half-deleted one is never listed as broken.
 * The caller holds the user's store lock: one writer at a time.
 */
export class SnapshotStore {
  readonly #hasher = new FileHasher();

  constructor(readonly dir: string) {}

  /**
   * Every snapshot, newest first, each verified against its manifest. With `verify: false` only
   * the manifests are read (a snapshot whose manifest reads is listed as good): taking a snapshot
   * verifies just the few it relies on (`verify`), not thirty years of hard links every commit.
   */
  async list({ verify = true }: { verify?: boolean } = {}): Promise<SnapshotInfo[]> {
    const names = listNames(this.dir);
    const ids = names.filter((name) => SNAPSHOT_ID.test(name));
    const snapshots = await Promise.all(ids.map((id) => this.#inspect(id, verify)));
    return snapshots.sort((a, b) => b.seq - a.seq);
  }

  /** `snapshot` checked file by file against its manifest. */
  verify(snapshot: SnapshotInfo): Promise<SnapshotInfo> {
    return this.#inspect(snapshot.id, true);
  }

  /** The bytes of a snapshot's files, checked against the manifest as they are read. */
  async readFiles(snapshot: SnapshotInfo): Promise<LayerFile[]> {
    const manifest = snapshot.manifest;
    if (!manifest) throw flowForgeError('FF_SNAPSHOT_BROKEN', { id: snapshot.id, problems: snapshot.problems });
    return Promise.all(
      manifest.files.map(async (file) => {
        const bytes = await readFile(this.#filePath(snapshot.id, file.path)).catch(() => undefined);
        if (bytes === undefined || bytes.length !== file.size || sha256(bytes) !== file.sha256) {
          throw flowForgeError('FF_SNAPSHOT_BROKEN', { id: snapshot.id, problems: [`${file.path} does not match its SHA-256`] });
        }
        return { ...file, bytes };
      }),
    );
  }

  /**
   * Writes a new snapshot of `files`. A file whose bytes are those of the same path in `previous`
   * (a good snapshot) is hard-linked from it: daily logs are append-only, so a snapshot costs what
   * changed, not the whole history. Where links are refused (another file system, FAT, a link
   * limit) the file is copied.
   */
  async create(manifest: Manifest, files: readonly LayerFile[], previous: SnapshotInfo | undefined): Promise<CreatedSnapshot> {
    await ensurePrivateDir(this.dir);
    await this.#removeLeftovers();
    const temp = join(this.dir, `${TEMP_PREFIX}${uniqueSuffix()}`);
    const folders = new Set<string>([temp, join(temp, FILES_DIR)]);
    const created = new Set<string>(); // one mkdir per folder, not per file
    const unchanged = new Map((previous?.manifest?.files ?? []).map((file) => [file.path, file]));
    let linked = 0;
    try {
      for (const file of files) {
        const target = join(temp, FILES_DIR, ...file.path.split('/'));
        if (!created.has(dirname(target))) mkdirSync(dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
        created.add(dirname(target));
        for (let folder = dirname(target); !folders.has(folder); folder = dirname(folder)) folders.add(folder);
        const before = unchanged.get(file.path);
        if (previous && before?.sha256 === file.sha256 && before.size === file.size && tryLink(this.#filePath(previous.id, file.path), target)) {
          linked += 1;
        } else {
          await createFileDurably(target, file.bytes, SNAPSHOT_FILE_MODE);
        }
      }
      await createFileDurably(join(temp, MANIFEST_FILE), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), SNAPSHOT_FILE_MODE);
      // Deepest first: a folder's entries are durable before the folder's own name is.
      for (const folder of [...folders].sort((a, b) => b.length - a.length)) await fsyncDirectory(folder);
      renameSync(temp, join(this.dir, manifest.id));
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    await fsyncDirectory(this.dir);
    const info: SnapshotInfo = { id: manifest.id, seq: sequenceOf(manifest.id), dir: join(this.dir, manifest.id), manifest, status: 'good', problems: [] };
    return { info, linked, copied: files.length - linked };
  }

  /** Deletes snapshots: each is renamed away first, so it disappears from listings at once and whole. */
  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const away = join(this.dir, `${DELETING_PREFIX}${id}`);
      renameSync(join(this.dir, id), away);
      await fsyncDirectory(this.dir);
      rmSync(away, { recursive: true, force: true });
    }
  }

  /** The id the next snapshot takes: one more than the highest sequence, stamped with `nowMs` (UTC). */
  nextId(existing: readonly SnapshotInfo[], nowMs: number): string {
    const seq = existing.reduce((highest, snapshot) => Math.max(highest, snapshot.seq), 0) + 1;
    const stamp = new Date(nowMs).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
    return `${String(seq).padStart(6, '0')}-${stamp}`;
  }

  async #inspect(id: string, verify: boolean): Promise<SnapshotInfo> {
    const dir = join(this.dir, id);
    const seq = sequenceOf(id);
    let manifest: Manifest | undefined;
    try {
      manifest = parseManifest(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')));
    } catch {
      manifest = undefined;
    }
    if (manifest === undefined || manifest.id !== id) {
      return { id, seq, dir, manifest: undefined, status: 'broken', problems: [`${MANIFEST_FILE} is missing, unreadable or not this snapshot's`] };
    }
    if (!verify) return { id, seq, dir, manifest, status: 'good', problems: [] };
    const problems: string[] = [];
    const present = new Set(await listFiles(join(dir, FILES_DIR)));
    for (const expected of manifest.files) {
      if (!present.delete(expected.path)) {
        problems.push(`${expected.path} is missing`);
        continue;
      }
      const actual = await this.#hasher.hash(this.#filePath(id, expected.path), expected.path);
      if (actual.size !== expected.size || actual.sha256 !== expected.sha256) problems.push(`${expected.path} does not match its SHA-256`);
    }
    for (const extra of present) problems.push(`${extra} is not in the manifest`);
    return { id, seq, dir, manifest, status: problems.length === 0 ? 'good' : 'broken', problems };
  }

  #filePath(id: string, path: string): string {
    return join(this.dir, id, FILES_DIR, ...path.split('/'));
  }

  /** Snapshots a crash interrupted while they were written or deleted. */
  async #removeLeftovers(): Promise<void> {
    for (const name of listNames(this.dir)) {
      if (name.startsWith(TEMP_PREFIX) || name.startsWith(DELETING_PREFIX)) rmSync(join(this.dir, name), { recursive: true, force: true });
    }
  }
}

/** The names in `dir`, none if it does not exist. */
function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function sequenceOf(id: string): number {
  return Number(SNAPSHOT_ID.exec(id)?.[1] ?? 0);
}

/*
 * The file system calls here are synchronous, like the reads (see private-layer.ts): a snapshot
 * links hundreds of unchanged files, and retention removes as many.
 */

/** A hard link, or `false` where the file system refuses one. */
function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}
