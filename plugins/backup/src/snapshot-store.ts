import { mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createFileDurably, ensurePrivateDir, fsyncDirectory, namesIn, PRIVATE_DIR_MODE, readRegularFile, sha256Hex, uniqueSuffix } from '@flowforge/core/internal';
import type { LiveFile } from './live-files.js';
import { type LayerFile, type Manifest, MANIFEST_FILE, MANIFEST_SCHEMA, type ManifestFile, parseManifest } from './manifest.js';
import { ObjectStore } from './object-store.js';
import { fileIn, listFiles } from './private-layer.js';
import { backupErrors } from './errors.js';

/** `<sequence>-<UTC stamp>`: the sequence orders snapshots whatever the clock did. */
export const SNAPSHOT_ID = /^(\d{6,})-(\d{8}T\d{6}Z)$/;
/** Where a `flowforge.snapshot/1` snapshot kept its own copies (or hard links) of the files. */
const V1_FILES_DIR = 'files';
/** Beside `snapshots/`: the files of every `/2` snapshot, by content. */
const OBJECTS_DIR = 'objects';
/** Manifests are never written after creation; read-only makes an in-place edit fail loudly. */
const MANIFEST_MODE = 0o400;
/** A manifest lists a private layer's files: a year of them is tens of kilobytes. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
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
  /** Files whose bytes were already stored (unchanged), and files stored anew. */
  reused: number;
  written: number;
}

/**
 * SHA-256 of `/1` snapshots' files, each inode hashed once per process: those snapshots shared
 * their unchanged files as hard links, so verifying thirty cost about as much as reading one.
 */
class FileHasher {
  readonly #byInode = new Map<string, Promise<ManifestFile>>();

  // Synchronous for the reason given in private-layer.ts: hundreds of small files.
  async hash(path: string, relative: string): Promise<ManifestFile> {
    const info = statSync(path, { bigint: true });
    const key = info.ino === 0n ? undefined : `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}`;
    const cached = key === undefined ? undefined : this.#byInode.get(key);
    const hashed = cached ?? Promise.resolve(readFileSync(path)).then((bytes) => ({ path: relative, size: bytes.length, sha256: sha256Hex(bytes) }));
    if (key !== undefined && cached === undefined) this.#byInode.set(key, hashed);
    return { ...(await hashed), path: relative };
  }
}

/**
 * The snapshots of one user of one clone, `<home>/repos/<repo id>/<user>/snapshots/<id>/manifest.json`,
 * their files in `../objects/` (`ObjectStore`); snapshots of schema `/1` hold theirs in `<id>/files/`
 * and are still read. A snapshot's manifest is written to a temp folder, fsynced, then renamed into
 * place, after the objects it names: a crash leaves either no snapshot or a whole one. It is
 * deleted by renaming it away first, so a half-deleted one is never listed as broken.
 * The caller holds the user's store lock: one writer at a time. File system calls are synchronous,
 * like the reads (see private-layer.ts): verifying a snapshot reads hundreds of small files.
 */
export class SnapshotStore {
  readonly #hasher = new FileHasher();
  readonly objects: ObjectStore;

  constructor(readonly dir: string) {
    this.objects = new ObjectStore(join(dirname(dir), OBJECTS_DIR));
  }

  /** The ids of the snapshots, newest first. */
  ids(): string[] {
    return namesIn(this.dir)
      .filter((name) => SNAPSHOT_ID.test(name))
      .sort((a, b) => sequenceOf(b) - sequenceOf(a));
  }

  /**
   * Every snapshot, newest first, each verified against its manifest (objects shared by several
   * are read once). With `verify: false` only the manifests are read: a snapshot whose manifest
   * reads is listed as good.
   */
  async list({ verify = true }: { verify?: boolean } = {}): Promise<SnapshotInfo[]> {
    return Promise.all(this.ids().map((id) => this.inspect(id, verify)));
  }

  /** `snapshot` checked file by file against its manifest. */
  verify(snapshot: SnapshotInfo): Promise<SnapshotInfo> {
    return this.inspect(snapshot.id, true);
  }

  /** The bytes of a snapshot's files, checked against the manifest as they are read. */
  async readFiles(snapshot: SnapshotInfo): Promise<LayerFile[]> {
    const manifest = snapshot.manifest;
    if (!manifest) throw backupErrors.create('FF_SNAPSHOT_BROKEN', { id: snapshot.id, problems: snapshot.problems });
    return manifest.files.map((file) => {
      const bytes = this.#read(manifest, file);
      if (bytes === undefined) throw backupErrors.create('FF_SNAPSHOT_BROKEN', { id: snapshot.id, problems: [`${file.path} does not match its SHA-256`] });
      return { path: file.path, size: file.size, sha256: file.sha256, bytes };
    });
  }

  /**
   * Writes a new snapshot of `files`: first the objects not stored yet (usually the day's log and
   * `current.json`), then the manifest that names them. With `checkObjects`, a stored object is
   * used only once its bytes are read and hashed, and a damaged one is written again from the
   * live file, which repairs every snapshot that names it; without, its name is trusted (see
   * `takeSnapshot`: every few snapshots check their objects).
   */
  async create(manifest: Manifest, files: readonly LiveFile[], { checkObjects }: { checkObjects: boolean }): Promise<CreatedSnapshot> {
    if (manifest.schema !== MANIFEST_SCHEMA) throw new Error(`snapshots are written as ${MANIFEST_SCHEMA}`);
    await ensurePrivateDir(this.dir);
    this.#removeLeftovers();
    const stored = this.objects.names();
    let written = 0;
    for (const file of files) {
      if (stored.has(file.sha256) && (!checkObjects || this.objects.state(file.sha256, file.size) === 'intact')) continue;
      await this.objects.write(file.sha256, file.bytes());
      stored.add(file.sha256);
      written += 1;
    }
    if (written > 0) await this.objects.sync();
    const temp = join(this.dir, `${TEMP_PREFIX}${uniqueSuffix()}`);
    try {
      mkdirSync(temp, { mode: PRIVATE_DIR_MODE });
      await createFileDurably(join(temp, MANIFEST_FILE), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_MODE);
      await fsyncDirectory(temp);
      renameSync(temp, join(this.dir, manifest.id));
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    await fsyncDirectory(this.dir);
    const info: SnapshotInfo = { id: manifest.id, seq: sequenceOf(manifest.id), dir: join(this.dir, manifest.id), manifest, status: 'good', problems: [] };
    return { info, reused: files.length - written, written };
  }

  /**
   * Deletes snapshots: each is renamed away first, so it disappears from listings at once and
   * whole. Not fsynced: a removal that a crash undoes leaves one snapshot more, pruned next time.
   */
  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const away = join(this.dir, `${DELETING_PREFIX}${id}`);
      renameSync(join(this.dir, id), away);
      removeSnapshotFolder(away);
    }
  }

  /**
   * Removes the objects that no snapshot in `kept` (every snapshot there is, with its manifest)
   * names. Nothing goes while a kept manifest is unreadable: what it names is unknown.
   */
  collectGarbage(kept: readonly SnapshotInfo[]): number {
    if (kept.some((snapshot) => snapshot.manifest === undefined)) return 0;
    const named = new Set(kept.flatMap((snapshot) => (snapshot.manifest?.schema === MANIFEST_SCHEMA ? snapshot.manifest.files.map((file) => file.sha256) : [])));
    return this.objects.collectGarbage(named);
  }

  /** The id the next snapshot takes: one more than the highest sequence, stamped with `nowMs` (UTC). */
  nextId(seq: number, nowMs: number): string {
    const stamp = new Date(nowMs).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
    return `${String(seq).padStart(6, '0')}-${stamp}`;
  }

  /** A snapshot as its manifest describes it; with `verify`, checked file by file against it. */
  async inspect(id: string, verify: boolean): Promise<SnapshotInfo> {
    const dir = join(this.dir, id);
    const seq = sequenceOf(id);
    let manifest: Manifest | undefined;
    try {
      // Never through a link, never past a size a manifest can have: anything else is broken.
      manifest = parseManifest(JSON.parse(readRegularFile(join(dir, MANIFEST_FILE), MANIFEST_FILE, MAX_MANIFEST_BYTES)?.toString('utf8') ?? ''));
    } catch {
      manifest = undefined;
    }
    if (manifest === undefined || manifest.id !== id) {
      return { id, seq, dir, manifest: undefined, status: 'broken', problems: [`${MANIFEST_FILE} is missing, unreadable or not this snapshot's`] };
    }
    if (!verify) return { id, seq, dir, manifest, status: 'good', problems: [] };
    const problems = manifest.schema === MANIFEST_SCHEMA ? this.#objectProblems(manifest) : await this.#v1Problems(id, manifest);
    return { id, seq, dir, manifest, status: problems.length === 0 ? 'good' : 'broken', problems };
  }

  #objectProblems(manifest: Manifest): string[] {
    return manifest.files.flatMap((file) => {
      const state = this.objects.state(file.sha256, file.size);
      return state === 'intact' ? [] : [state === 'missing' ? `${file.path} is missing` : `${file.path} does not match its SHA-256`];
    });
  }

  async #v1Problems(id: string, manifest: Manifest): Promise<string[]> {
    const problems: string[] = [];
    const present = new Set(listFiles(join(this.dir, id, V1_FILES_DIR)));
    for (const expected of manifest.files) {
      if (!present.delete(expected.path)) {
        problems.push(`${expected.path} is missing`);
        continue;
      }
      const actual = await this.#hasher.hash(this.#v1FilePath(id, expected.path), expected.path);
      if (actual.size !== expected.size || actual.sha256 !== expected.sha256) problems.push(`${expected.path} does not match its SHA-256`);
    }
    for (const extra of present) problems.push(`${extra} is not in the manifest`);
    return problems;
  }

  /** A file's bytes, checked against the manifest; `undefined` when missing or different. */
  #read(manifest: Manifest, file: ManifestFile): Buffer | undefined {
    if (manifest.schema === MANIFEST_SCHEMA) return this.objects.read(file.sha256, file.size);
    try {
      const bytes = readFileSync(this.#v1FilePath(manifest.id, file.path));
      return bytes.length === file.size && sha256Hex(bytes) === file.sha256 ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  #v1FilePath(id: string, path: string): string {
    return fileIn(join(this.dir, id, V1_FILES_DIR), path);
  }

  /** Snapshots a crash interrupted while they were written or deleted. */
  #removeLeftovers(): void {
    for (const name of namesIn(this.dir)) {
      if (name.startsWith(TEMP_PREFIX) || name.startsWith(DELETING_PREFIX)) rmSync(join(this.dir, name), { recursive: true, force: true });
    }
  }
}

/** The sequence number a snapshot id starts with; 0 for a name that is not an id. */
export function sequenceOf(id: string): number {
  return Number(SNAPSHOT_ID.exec(id)?.[1] ?? 0);
}

/**
 * A `/2` snapshot's folder holds only its manifest: unlinked and removed directly, since the first
 * call of `rmSync` loads Node's recursive remover. Anything else (a `/1` tree) goes through it.
 */
function removeSnapshotFolder(dir: string): void {
  try {
    unlinkSync(join(dir, MANIFEST_FILE));
    rmdirSync(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}
