/**
 * What `flowforge migrate v2` prints: what was imported for whom, where it went, and every finding
 * grouped by kind with what to do about it. Plain lines (the command adds nothing but the
 * integrity table), in a fixed order so that two runs over the same file print the same text.
 */
import { formatDuration } from '@flowforge/core/internal';
import type { PrivateImport } from './private-log.js';
import type { HistoryPlan, UserHistory } from './team-history.js';
import type { Finding, FindingKind, V1Interpretation } from './types.js';
import type { SessionsByUser } from './users.js';

/** In the order a person should act on them: what may be unbilled work first. */
const KIND_TITLES: [FindingKind, string][] = [
  ['orphaned-timer', 'Orphaned timers, not billed: if one was work, confirm the real time with `flowforge add <issue> --from … --to …`'],
  ['stale-cleanup', 'Stale-timer clean-ups, not billed: add the real time with `flowforge add` if there was any'],
  ['ambiguous-unit', 'Durations of ambiguous unit, not imported: add them with `flowforge add <issue> --duration …`'],
  ['broken-stamp', 'Broken stamps, not imported: add the real time with `flowforge add`'],
  ['total-mismatch', 'v1 totals that disagree with their sessions: check before billing'],
  ['duration-mismatch', 'Recorded durations that disagree with their stamps: imported from the stamps'],
  ['salvaged-stamp', 'Broken stamps repaired from agreeing evidence: imported'],
  ['overlap', 'Overlapping sessions (several terminals): both imported, check before billing'],
  ['zero-length', 'Sessions that lasted no time: not imported'],
  ['unreadable-session', 'Unreadable sessions: not imported'],
  ['skipped-key', 'Top-level keys that are not issues: skipped'],
];

export interface SummaryInput {
  file: string;
  /** SHA-256 of the v1 file's bytes: two people can tell they migrated the same file. */
  sha256: string;
  dryRun: boolean;
  zone: string;
  interpretation: V1Interpretation;
  users: SessionsByUser;
  histories: readonly UserHistory[];
  plan: HistoryPlan;
  /** After the write; `null` on a dry run. */
  written: { written: string[]; removed: string[] } | null;
  user: string;
  /** `null` when the migrating user has no v1 sessions. */
  own: PrivateImport | null;
  /** What became of the v1 file, as a sentence. */
  v1File: string;
  /** The audit record appended to the migrating user's trail, if one was. */
  audit: string | null;
}

export function summaryLines(input: SummaryInput): string[] {
  const { interpretation, histories, plan, dryRun } = input;
  const would = (done: string, planned: string) => (dryRun ? planned : done);
  const imported = histories.reduce((sum, history) => sum + history.sessions, 0);
  const lines: string[] = [
    `${dryRun ? 'Dry run of' : 'Migrated'} ${input.file} (v1, sha256 ${input.sha256.slice(0, 12)}): ${count(imported, 'session')} of ${count(histories.length, 'user')} ${would('imported', 'to import')}, ${count(interpretation.findings.length, 'finding')}.${dryRun ? ' Nothing was written.' : ''}`,
  ];
  const rows = histories.map((history) => [
    history.id,
    count(history.sessions, 'session'),
    formatDuration(history.seconds),
    history.identity === history.id ? '' : `committed as ${history.identity}`,
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(0, ...rows.map((row) => row[column]?.length ?? 0)));
  for (const [id = '', sessions = '', time = '', shown = ''] of rows)
    lines.push(`  ${id.padEnd(widths[0] ?? 0)}  ${sessions.padStart(widths[1] ?? 0)}  ${time.padStart(widths[2] ?? 0)}  ${shown}`.trimEnd());
  for (const { name, id } of input.users.renamed) lines.push(`  v1 user ${JSON.stringify(name)} is not a FlowForge user id: imported as ${id}`);
  for (const { name, sessions, seconds } of input.users.refused)
    lines.push(`  v1 user ${JSON.stringify(name)} has no usable user id: ${count(sessions, 'session')} (${formatDuration(seconds)}) not imported; rename the user in the v1 file and run again`);

  if (input.own === null) {
    lines.push(`No v1 session names you (${input.user}); nothing ${would('was added', 'would be added')} to your private log. Each developer whose sessions are in the file can run the migration to get them in their own log.`);
  } else {
    const { added, present } = input.own;
    const state =
      added === 0
        ? `all ${count(present, 'entry', 'entries')} already in your private log`
        : `${count(added, 'entry', 'entries')} ${would('added to', 'to add to')} your private log, notes included${present ? ` (${present} there already)` : ''}`;
    lines.push(`Your sessions (${input.user}): ${state}; \`flowforge log\` shows them, and they are billed from the team history only.`);
  }

  const pending = dryRun ? plan.added.length : (input.written?.written.length ?? 0);
  const replaced = input.written?.removed.length ?? 0;
  lines.push(
    `Team history (${plan.paths.length} file${plan.paths.length === 1 ? '' : 's'} in .flowforge/team/<user>/v1/, days of ${input.zone}): ${pending} ${would('written', 'to write')}${replaced ? `, ${replaced} replaced` : ''}${pending === 0 && !dryRun ? ' (all there already)' : ''}.`,
  );
  for (const held of plan.heldBack) {
    lines.push(
      `  kept ${held.existing}: it holds ${count(held.existingRevision, 'session')} for ${held.month.month}, the v1 file now gives ${held.month.revision}; if sessions were removed from the v1 file on purpose, delete that file and run again`,
    );
  }
  lines.push(input.v1File);
  if (input.audit) lines.push(`Recorded in your audit trail: ${input.audit}.`);
  if (!dryRun && (pending > 0 || replaced > 0 || input.audit)) lines.push('Commit the result: git add -A .flowforge && git commit -m "Import v1 time data"');

  if (interpretation.findings.length > 0) {
    lines.push('', 'Findings:');
    for (const [kind, title] of KIND_TITLES) {
      const findings = interpretation.findings.filter((finding) => finding.kind === kind);
      if (findings.length === 0) continue;
      lines.push(`  ${title} (${findings.length}):`);
      for (const finding of findings) lines.push(`    ${where(finding)}${finding.message}`);
    }
  }
  return lines;
}

function where(finding: Finding): string {
  const parts = [finding.issue === undefined ? '' : `#${finding.issue}`, finding.user ?? '', finding.index === undefined ? '' : `session ${finding.index}`].filter(Boolean);
  return parts.length === 0 ? '' : `${parts.join(' ')}: `;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
