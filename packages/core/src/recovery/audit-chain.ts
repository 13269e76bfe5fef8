import type { AuditRecord } from './audit-record.js';
import type { VerifyProblem } from './verify-report.js';

export interface ChainLink {
  path: string;
  /** SHA-256 of the record's bytes. */
  sha256: string;
  record: AuditRecord;
}

/**
 * Checks one user's trail: every record's `previous` is the hash of a record present, whose seq is
 * one less. Records that share a previous record (or several first records) are a fork: each of two
 * branches of one user appended its own record, and the merge kept both — valid, reported as info.
 * Returns the leaves (records no other record follows): the newest word of each branch.
 */
export function checkAuditChain(links: readonly ChainLink[], damaged: ReadonlySet<string>, problems: VerifyProblem[]): ChainLink[] {
  const bySha = new Map(links.map((link) => [link.sha256, link]));
  const followers = new Map<string, ChainLink[]>();
  for (const link of links) {
    const { previous, seq } = link.record;
    const key = previous ?? 'start';
    followers.set(key, [...(followers.get(key) ?? []), link]);
    if (previous === null) continue;
    const before = bySha.get(previous);
    if (!before)
      problems.push({
        file: link.path,
        severity: 'error',
        message: damaged.has(previous)
          ? `its previous record (sha256 ${previous.slice(0, 12)}…) is damaged`
          : `its previous record (sha256 ${previous.slice(0, 12)}…) is missing: a record of the trail was removed or changed`,
      });
    else if (before.record.seq !== seq - 1)
      problems.push({ file: link.path, severity: 'error', message: `seq ${seq} does not follow its previous record's seq ${before.record.seq}` });
  }
  for (const [key, group] of followers) {
    if (group.length < 2) continue;
    const after = key === 'start' ? 'start the trail' : `follow ${bySha.get(key)?.path ?? `sha256 ${key.slice(0, 12)}…`}`;
    const paths = group.map((link) => link.path).sort();
    for (const path of paths.slice(1))
      problems.push({ file: path, severity: 'info', message: `fork: this record and ${paths[0]} both ${after} (two branches of one user aggregated, then merged; valid)` });
  }
  return links.filter((link) => !followers.has(link.sha256));
}
