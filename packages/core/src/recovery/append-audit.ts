import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { parseJsonBytes } from '../store/json-bytes.js';
import { assertRealFolders, readRegularFile } from '../store/contained.js';
import { namesIn } from '../store/names-in.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { parseTeamFilePath } from '../team/team-file.js';
import { AUDIT_SCHEMA, auditDir, type AuditRecord, auditRecordPath, auditRecordProblems, parseAuditRecordPath, renderAuditRecord } from './audit-record.js';
import { sha256Hex } from '../hash/sha256.js';
import { teamChecksums } from './team-checksums.js';

/** Committed files are readable by everyone who clones the repo. */
const RECORD_MODE = 0o644;

interface ValidRecord {
  path: string;
  /** SHA-256 of the record's bytes: what the next record's `previous` holds. */
  sha256: string;
  record: AuditRecord;
}

/**
 * After an aggregation wrote `user`'s team files: if that user's newest team files differ from what
 * their trail's newest record lists, appends a record that lists them, linked to that record by
 * its hash. A run that changed nothing adds nothing. The new record joins `teamFiles.written`, so
 * it is staged (or noted for the next commit) with the files it vouches for.
 */
export async function recordAudit(
  repoRoot: string,
  user: string,
  trigger: string,
  teamFiles: { written: string[] },
  logger: Logger,
): Promise<void> {
  if (!user) return; // a run over the team layer only has no user of its own
  const heads = await newestRecords(repoRoot, user);
  const files = await teamChecksums(repoRoot, user, vouchedBy(heads));
  for (const [path, sha256] of Object.entries(files))
    if (parseTeamFilePath(path)?.hash !== sha256.slice(0, 12))
      logger.warn(`${path} was changed after FlowForge wrote it (its bytes no longer match its name); restore it with \`git checkout -- ${path}\``);
  if (heads.some(({ record }) => sameFiles(record.files, files))) return;
  if (heads.length === 0 && Object.keys(files).length === 0) return;
  // Of parallel records (two branches merged), link to one chosen the same way on every machine.
  const head = heads.at(-1);
  const record: AuditRecord = { schema: AUDIT_SCHEMA, user, seq: head ? head.record.seq + 1 : 1, previous: head?.sha256 ?? null, trigger, files };
  const bytes = renderAuditRecord(record);
  const path = auditRecordPath(record, bytes);
  assertRealFolders(repoRoot, auditDir(user));
  await writeFileAtomic(join(repoRoot, path), bytes, { mode: RECORD_MODE });
  teamFiles.written.push(path);
}

/**
 * The valid records of the highest seq in `user`'s trail (several after a merge), by path. Only
 * the top of the trail is read, so the hook's cost does not grow with the trail's length.
 */
async function newestRecords(repoRoot: string, user: string): Promise<ValidRecord[]> {
  const dir = auditDir(user);
  assertRealFolders(repoRoot, dir);
  // Grouped by the number a record's name starts with, not by parsing every name: the trail gains
  // a record with each commit that changes time. Only the names tried are parsed.
  const bySeq = new Map<number, string[]>();
  for (const name of namesIn(join(repoRoot, dir))) {
    const seq = Number.parseInt(name, 10);
    if (seq > 0) bySeq.set(seq, [...(bySeq.get(seq) ?? []), `${dir}/${name}`]);
  }
  for (const seq of [...bySeq.keys()].sort((a, b) => b - a)) {
    const valid: ValidRecord[] = [];
    for (const path of (bySeq.get(seq) ?? []).filter((path) => parseAuditRecordPath(path)?.seq === seq).sort()) {
      const bytes = readRegularFile(join(repoRoot, path), path);
      if (bytes === undefined) continue;
      const sha256 = sha256Hex(bytes);
      let value: unknown;
      try {
        value = parseJsonBytes(bytes);
      } catch {
        continue; // damaged: `flowforge verify` names it; the trail goes on from a good record
      }
      if (sha256.slice(0, 12) === parseAuditRecordPath(path)?.hash && auditRecordProblems(value, path).length === 0)
        valid.push({ path, sha256, record: value as AuditRecord });
    }
    if (valid.length > 0) return valid;
  }
  return [];
}

/**
 * The checksums the newest records agree on. After a merge, two records may list one path with
 * different checksums (one branch saw damaged bytes): that file is read again.
 */
function vouchedBy(heads: readonly ValidRecord[]): Map<string, string> {
  const vouched = new Map<string, string>();
  const disputed = new Set<string>();
  for (const { record } of heads)
    for (const [path, sha256] of Object.entries(record.files)) {
      if (vouched.has(path) && vouched.get(path) !== sha256) disputed.add(path);
      vouched.set(path, sha256);
    }
  for (const path of disputed) vouched.delete(path);
  return vouched;
}

function sameFiles(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
