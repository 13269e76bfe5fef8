import { describe, expect, it } from 'vitest';
import { checkAuditChain, type ChainLink } from '../src/recovery/audit-chain.js';
import { AUDIT_SCHEMA, type AuditRecord, auditRecordPath, auditRecordProblems, renderAuditRecord } from '../src/recovery/audit-record.js';
import { sha256Hex } from '../src/hash/sha256.js';
import type { VerifyProblem } from '../src/recovery/verify-report.js';

const FILE = '.flowforge/team/alice/2026-11.r3.0123456789ab.json';

function link(seq: number, previous: ChainLink | null, files: Record<string, string> = { [FILE]: 'a'.repeat(64) }): ChainLink {
  const record: AuditRecord = { schema: AUDIT_SCHEMA, user: 'alice', seq, previous: previous?.sha256 ?? null, trigger: 'pre-commit', files };
  const bytes = renderAuditRecord(record);
  return { path: auditRecordPath(record, bytes), sha256: sha256Hex(bytes), record };
}

describe('audit records', () => {
  it('render the same bytes for the same content, whatever the order of its files, and name them by seq and hash', () => {
    const files = { [FILE]: 'a'.repeat(64), '.flowforge/team/alice/2026-10.r1.ba9876543210.json': 'b'.repeat(64) };
    const record: AuditRecord = { schema: AUDIT_SCHEMA, user: 'alice', seq: 42, previous: 'c'.repeat(64), trigger: 'manual', files };
    const bytes = renderAuditRecord(record);
    expect(renderAuditRecord({ ...record, files: Object.fromEntries(Object.entries(files).reverse()) })).toBe(bytes);
    expect(JSON.parse(bytes)).toEqual(record);
    expect(bytes.indexOf('2026-10')).toBeLessThan(bytes.indexOf('2026-11'));
    expect(auditRecordPath(record, bytes)).toBe(`.flowforge/recovery/alice/audit/000042.${sha256Hex(bytes).slice(0, 12)}.json`);
    expect(auditRecordProblems(record, auditRecordPath(record, bytes))).toEqual([]);
  });

  it('refuse anything FlowForge does not write', () => {
    const path = '.flowforge/recovery/alice/audit/000001.0123456789ab.json';
    const record = { schema: AUDIT_SCHEMA, user: 'alice', seq: 1, previous: null, trigger: 'manual', files: { [FILE]: 'a'.repeat(64) } };
    expect(auditRecordProblems({ ...record, at: '2026-11-02T09:00:00Z' }, path)).toEqual(['unexpected key "at" (not allowed in an audit record)']);
    expect(auditRecordProblems({ ...record, seq: 2 }, path)).toEqual(['only the first record (seq 1) has no previous record', 'its name does not match its user and seq']);
    const bob = '.flowforge/team/bob/2026-11.r1.0123456789ab.json';
    expect(auditRecordProblems({ ...record, files: { [bob]: 'x' } }, path)).toEqual([
      `files has "${bob}", which is not a team file of alice`,
      `files["${bob}"] is not a SHA-256`,
    ]);
  });
});

describe('an audit chain', () => {
  it('accepts a fork — two branches appending the same seq — as a note, and returns both tips', () => {
    const first = link(1, null);
    const main = link(2, first, { [FILE]: 'b'.repeat(64) });
    const feature = link(2, first, { [FILE]: 'c'.repeat(64) });
    const problems: VerifyProblem[] = [];
    const leaves = checkAuditChain([first, main, feature], new Set(), problems);
    expect(leaves.map((leaf) => leaf.path).sort()).toEqual([main.path, feature.path].sort());
    expect(problems).toEqual([
      { file: [main.path, feature.path].sort()[1], severity: 'info', message: expect.stringMatching(/^fork: this record and .* both follow .*000001\./) },
    ]);
  });

  it('names a record whose previous record is gone, damaged, or not one seq before', () => {
    const first = link(1, null);
    const second = link(2, first);
    const third = link(3, second);
    const skipping = { ...link(4, first), record: { ...link(4, first).record } };
    const problems: VerifyProblem[] = [];
    checkAuditChain([first, third, skipping], new Set([second.sha256]), problems);
    expect(problems).toEqual([
      { file: third.path, severity: 'error', message: expect.stringContaining('its previous record') },
      { file: skipping.path, severity: 'error', message: 'seq 4 does not follow its previous record\'s seq 1' },
    ]);
    expect(problems[0]?.message).toContain('is damaged');

    const gone: VerifyProblem[] = [];
    checkAuditChain([first, third], new Set(), gone);
    expect(gone[0]?.message).toContain('is missing');
  });
});
