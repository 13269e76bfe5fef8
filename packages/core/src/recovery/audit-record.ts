import { join } from 'node:path';
import { isCount, isObject } from '../model/shape.js';
import { namesIn } from '../store/names-in.js';
import { USER_ID_PATTERN } from '../model/user-id.js';
import { parseTeamFilePath } from '../team/team-file.js';
import { sha256Hex } from '../hash/sha256.js';

export const RECOVERY_DIR = '.flowforge/recovery';
export const AUDIT_SCHEMA = 'flowforge.audit/1';

/**
 * One link of a user's audit trail: which team files (and their SHA-256) were that user's newest
 * after an aggregation. Stored as `.flowforge/recovery/<user>/audit/<seq>.<hash>.json`, the hash
 * being of the record's own bytes, so like team files a record is never edited, only added: two
 * branches of one user that each append record 42 add two different paths, and git merges them
 * without a conflict. No wall-clock time is kept, so the same data gives the same bytes anywhere.
 */
export interface AuditRecord {
  schema: typeof AUDIT_SCHEMA;
  user: string;
  seq: number;
  /** SHA-256 of the previous record's bytes; `null` for the first record. */
  previous: string | null;
  /** What ran the aggregation (docs/hooks.md). */
  trigger: string;
  /** Repo-relative path → SHA-256 of the user's newest team files (every source). */
  files: Record<string, string>;
}

const RECORD_KEYS = ['schema', 'user', 'seq', 'previous', 'trigger', 'files'];
const SHA256 = /^[0-9a-f]{64}$/;
const NAME = /^\.flowforge\/recovery\/([^/]+)\/audit\/(\d{6,})\.([0-9a-f]{12})\.json$/;

export const auditDir = (user: string): string => `${RECOVERY_DIR}/${user}/audit`;

/** Canonical bytes: fixed key order, paths sorted, one file a line, a final newline. */
export function renderAuditRecord(record: AuditRecord): string {
  const files = Object.keys(record.files)
    .sort()
    .map((path) => `    ${JSON.stringify(path)}: ${JSON.stringify(record.files[path])}`);
  return [
    '{',
    `  "schema": ${JSON.stringify(record.schema)},`,
    `  "user": ${JSON.stringify(record.user)},`,
    `  "seq": ${record.seq},`,
    `  "previous": ${JSON.stringify(record.previous)},`,
    `  "trigger": ${JSON.stringify(record.trigger)},`,
    files.length === 0 ? '  "files": {}' : `  "files": {\n${files.join(',\n')}\n  }`,
    '}',
    '',
  ].join('\n');
}

export function auditRecordPath(record: AuditRecord, bytes: string): string {
  return `${auditDir(record.user)}/${String(record.seq).padStart(6, '0')}.${sha256Hex(bytes).slice(0, 12)}.json`;
}

/** The parts of an audit record's path, or `null` for anything else. */
export function parseAuditRecordPath(path: string): { user: string; seq: number; hash: string } | null {
  const match = NAME.exec(path);
  if (!match) return null;
  return { user: match[1] as string, seq: Number(match[2]), hash: match[3] as string };
}

/** Every way `value` differs from a record FlowForge writes at `path`; hand-written, like `teamFileProblems`. */
export function auditRecordProblems(value: unknown, path: string): string[] {
  if (!isObject(value)) return ['not a JSON object'];
  const problems: string[] = [];
  for (const key of Object.keys(value)) if (!RECORD_KEYS.includes(key)) problems.push(`unexpected key "${key}" (not allowed in an audit record)`);
  if (value.schema !== AUDIT_SCHEMA) problems.push(`schema is not "${AUDIT_SCHEMA}"`);
  if (typeof value.user !== 'string' || !USER_ID_PATTERN.test(value.user)) problems.push('user is not a user id');
  if (!isCount(value.seq) || (value.seq as number) < 1) problems.push('seq is not a whole number ≥ 1');
  if (value.previous !== null && !(typeof value.previous === 'string' && SHA256.test(value.previous))) problems.push('previous is not a SHA-256 or null');
  else if ((value.previous === null) !== (value.seq === 1)) problems.push('only the first record (seq 1) has no previous record');
  if (typeof value.trigger !== 'string' || !/^[a-z][a-z-]*$/.test(value.trigger)) problems.push('trigger is not a trigger name');
  if (!isObject(value.files)) problems.push('files is not an object');
  else
    for (const [file, hash] of Object.entries(value.files)) {
      if (parseTeamFilePath(file)?.user !== value.user) problems.push(`files has "${file}", which is not a team file of ${String(value.user)}`);
      if (typeof hash !== 'string' || !SHA256.test(hash)) problems.push(`files["${file}"] is not a SHA-256`);
    }
  const name = parseAuditRecordPath(path);
  if (!name) problems.push('its name is not <user>/audit/<seq>.<hash>.json');
  else if (name.user !== value.user || name.seq !== value.seq) problems.push('its name does not match its user and seq');
  return problems;
}

/**
 * The records named with the highest seq of `user`'s trail (several after a merge), repo-relative,
 * from their names alone: the files a run's trail ends with, which must reach git with it.
 */
export function newestAuditRecordPaths(repoRoot: string, user: string): string[] {
  const dir = auditDir(user);
  const paths = namesIn(join(repoRoot, dir)).map((name) => `${dir}/${name}`);
  const seqs = paths.map((path) => parseAuditRecordPath(path)?.seq ?? 0);
  const top = Math.max(0, ...seqs);
  return top === 0 ? [] : paths.filter((_, i) => seqs[i] === top);
}
