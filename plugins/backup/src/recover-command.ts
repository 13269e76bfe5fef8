import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  aggregateUser,
  type Booted,
  columns,
  type CommandContext,
  dim,
  flowForgeError,
  formatDuration,
  parseTeamFilePath,
  printable,
  QUARANTINE_DIR,
  resolveUserId,
  UserStore,
  writeFileAtomic,
  yellow,
  type Kernel,
  loadConfig,
} from '@flowforge/core/internal';
import { backupHome, otherClonesWithSnapshots, repoIdOfClone, snapshotsDirOf } from './location.js';
import type { BackupOptions } from './options.js';
import { publishedIdentity } from './published-identity.js';
import { restoreSnapshot } from './restore.js';
import { type SnapshotInfo, SnapshotStore } from './snapshot-store.js';
import { type DamagedTeamFile, damagedTeamFiles } from './team-damage.js';
import { backupErrors } from './errors.js';

const REPO_ID = /^[a-z0-9][a-z0-9._-]{0,80}$/;

type Print = (line?: string) => void;

interface Recovery {
  repoRoot: string;
  user: string;
  /** What `aggregateUser` needs: the kernel, with every configured plugin, and the config. */
  booted: () => Promise<Booted>;
  print: Print;
  repoId: string;
  /** `--repo-id`: another clone's backups. */
  otherClone: boolean;
  snapshots: SnapshotStore;
}

/**
 * `flowforge recover [--list] [--snapshot ID] [--repo-id ID] [--team] [--yes] [--json]`: restores
 * the private layer from the newest good snapshot (or the one named), never over newer data
 * without --yes; `--team` rebuilds damaged team files of yours from your private layer. See
 * docs/backups.md.
 */
export async function recover(backupOptions: BackupOptions, { options, cwd, repoRoot, kernel, config, configDir, print }: CommandContext): Promise<number | void> {
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd });
  const user = resolveUserId(repoRoot);
  // The config as loaded, with what a code config evaluated to: the convergence record keeps it
  // for the hook's fast path. Loaded only for --team, the one path that aggregates.
  // `--team` runs the tracking stages as `flowforge aggregate --all` does: a first-party command
  // may, and the CLI hands its commands the kernel it booted.
  const booted = async (): Promise<Booted> => ({ kernel: kernel as Kernel, loaded: await loadConfig({ cwd: configDir }) });
  const home = backupHome(backupOptions, configDir);
  const asked = options.repoId === undefined ? undefined : String(options.repoId);
  if (asked !== undefined && !REPO_ID.test(asked)) {
    throw flowForgeError('FF_USAGE', { message: `--repo-id ${JSON.stringify(asked)} is not a repo id (see \`flowforge recover --list\`).`, command: 'recover' });
  }
  const repoId = asked ?? (await repoIdOfClone(repoRoot));
  const recovery: Recovery = { repoRoot, user, booted, print, repoId, otherClone: asked !== undefined, snapshots: new SnapshotStore(snapshotsDirOf(home, repoId, user)) };
  const json = Boolean(options.json);
  if (options.team) return rebuildTeamFiles(recovery, json);

  const list = await recovery.snapshots.list();
  const damaged = await damagedTeamFiles(repoRoot, await publishedIdentity(kernel, config, repoRoot, user), UserStore.forRepo(repoRoot, user).cloneId());
  if (options.list) return printList(recovery, list, damaged, json, home);

  const { chosen, skipped } = await choose(recovery, list, options.snapshot === undefined ? undefined : String(options.snapshot), home);
  const store = UserStore.forRepo(repoRoot, user);
  const result = await restoreSnapshot(store, recovery.snapshots, chosen, { overwrite: Boolean(options.yes) });
  const movedTo = result.movedTo && relative(repoRoot, result.movedTo);
  const totals = chosen.manifest?.totals;
  if (json) {
    return printJson(print, {
      schema: 'flowforge.recover/1',
      user,
      snapshot: { id: chosen.id, createdAt: chosen.manifest?.createdAt, entries: totals?.entries, records: totals?.records, seconds: totals?.seconds },
      unchanged: result.unchanged,
      restored: result.restored,
      movedTo,
      daysMarked: result.days.length,
      skipped: skipped.map(({ id, problems }) => ({ id, problems })),
      team: { damaged: damaged.map(({ path, problems }) => ({ path, problems })) },
    });
  }
  for (const snapshot of skipped) print(yellow(`Skipped broken snapshot ${snapshot.id}: ${snapshot.problems.join('; ')}`));
  if (result.unchanged) print(`Nothing to restore: ${user}'s private data already matches snapshot ${chosen.id}.`);
  else {
    print(
      `Restored ${user}'s private data from snapshot ${chosen.id} (${chosen.manifest?.createdAt}): ` +
        `${totals?.entries} entries, ${human(totals?.seconds ?? 0)}, ${result.restored.length} files.`,
    );
    if (movedTo) print(`The files that were there are kept in ${movedTo}/.`);
    if (result.days.length > 0) print(`Marked ${result.days.length} day(s) changed: your next commit (or \`flowforge aggregate\`) rebuilds your team files.`);
  }
  printDamage(damaged, print);
}

/** The newest good snapshot, or the one asked for by id or sequence number; the broken ones passed over on the way. */
async function choose(recovery: Recovery, list: readonly SnapshotInfo[], asked: string | undefined, home: string): Promise<{ chosen: SnapshotInfo; skipped: SnapshotInfo[] }> {
  if (asked !== undefined) {
    const chosen = list.find((snapshot) => snapshot.id === asked || (/^\d+$/.test(asked) && snapshot.seq === Number(asked)));
    if (!chosen) throw backupErrors.create('FF_SNAPSHOT_NOT_FOUND', { id: asked, dir: recovery.snapshots.dir });
    if (chosen.status === 'broken') throw backupErrors.create('FF_SNAPSHOT_BROKEN', { id: chosen.id, problems: chosen.problems });
    return { chosen, skipped: [] };
  }
  const index = list.findIndex((snapshot) => snapshot.status === 'good');
  const chosen = list[index];
  if (!chosen) {
    const elsewhere = recovery.otherClone ? [] : await otherClonesWithSnapshots(home, recovery.repoId, recovery.user);
    throw backupErrors.create('FF_NO_SNAPSHOT', { user: recovery.user, dir: recovery.snapshots.dir, broken: list.length, elsewhere });
  }
  return { chosen, skipped: list.slice(0, index) };
}

async function printList(recovery: Recovery, list: readonly SnapshotInfo[], damaged: readonly DamagedTeamFile[], json: boolean, home: string): Promise<void> {
  const { print } = recovery;
  const restorable = list.find((snapshot) => snapshot.status === 'good');
  const elsewhere = list.length === 0 && !recovery.otherClone ? await otherClonesWithSnapshots(home, recovery.repoId, recovery.user) : [];
  if (json) {
    return printJson(print, {
      schema: 'flowforge.snapshots/1',
      user: recovery.user,
      repoId: recovery.repoId,
      dir: recovery.snapshots.dir,
      snapshots: list.map((snapshot) => ({
        id: snapshot.id,
        createdAt: snapshot.manifest?.createdAt ?? null,
        trigger: snapshot.manifest?.trigger ?? null,
        entries: snapshot.manifest?.totals.entries ?? null,
        records: snapshot.manifest?.totals.records ?? null,
        seconds: snapshot.manifest?.totals.seconds ?? null,
        files: snapshot.manifest?.totals.files ?? null,
        bytes: snapshot.manifest?.totals.bytes ?? null,
        status: snapshot.status,
        shrunk: snapshot.manifest?.shrunk ?? false,
        restoredByDefault: snapshot === restorable,
        problems: snapshot.problems,
      })),
      otherClones: elsewhere,
      team: { damaged: damaged.map(({ path, problems }) => ({ path, problems })) },
    });
  }
  if (list.length === 0) {
    print(`No snapshots of ${recovery.user} for this clone in ${recovery.snapshots.dir}.`);
    if (elsewhere.length > 0) print(`Other clones' snapshots of ${recovery.user}: ${elsewhere.join(', ')} (use --repo-id <id>).`);
  } else {
    print(dim(`Snapshots of ${recovery.user} in ${recovery.snapshots.dir}:`));
    const rows = list.map((snapshot) => {
      const totals = snapshot.manifest?.totals;
      const state = snapshot.status === 'broken' ? `broken: ${snapshot.problems.join('; ')}` : snapshot.manifest?.shrunk ? 'good, shrunk' : 'good';
      return [
        snapshot === restorable ? '*' : ' ',
        snapshot.id,
        snapshot.manifest?.createdAt ?? '?',
        String(totals?.entries ?? '?'),
        totals ? human(totals.seconds) : '?',
        String(totals?.records ?? '?'),
        state,
      ];
    });
    for (const line of columns([[' ', 'id', 'created (UTC)', 'entries', 'time', 'records', 'state'], ...rows])) print(line);
    print(dim(restorable ? `* is what \`flowforge recover\` restores; --snapshot <id> picks another.` : 'No good snapshot to restore.'));
  }
  printDamage(damaged, print);
}

function printDamage(damaged: readonly DamagedTeamFile[], print: Print): void {
  if (damaged.length === 0) return;
  print(yellow(`${damaged.length} of your team file(s) are damaged:`));
  for (const file of damaged) print(yellow(`  ${printable(file.path)}: ${printable(file.problems.join('; '))}`));
  print('Rebuild them from your private data with `flowforge recover --team` (after restoring it, if it is gone).');
}

/**
 * `--team`: a damaged team file is rebuilt by re-aggregation. `aggregate --all` alone would not
 * do it — a file whose name exists is taken to hold the bytes its name hashes — so each damaged
 * file is kept in your private quarantine, removed, and written again by `aggregate --all`. A file
 * that could not be rebuilt (no private data for its month here) is put back as it was.
 */
async function rebuildTeamFiles(recovery: Recovery, json: boolean): Promise<number | void> {
  const { repoRoot, user, print } = recovery;
  const booted = await recovery.booted();
  const damaged = await damagedTeamFiles(repoRoot, await publishedIdentity(booted.kernel, booted.loaded.config, repoRoot, user), UserStore.forRepo(repoRoot, user).cloneId());
  if (damaged.length === 0) {
    if (json) return printJson(print, { schema: 'flowforge.recover-team/1', user, damaged: [], rebuilt: [], written: [] });
    return print(`${user}'s team files are intact: nothing to rebuild.`);
  }
  const store = UserStore.forRepo(repoRoot, user);
  const keptIn = join(store.root, QUARANTINE_DIR, `team-${new Date().toISOString().replace(/[-:.]/g, '')}`);
  for (const file of damaged) {
    await writeFileAtomic(join(keptIn, file.path.slice(file.path.lastIndexOf('/') + 1)), file.bytes);
    await rm(join(repoRoot, file.path), { force: true });
  }
  const { teamFiles } = await aggregateUser(booted, { repoRoot, user, trigger: 'manual', all: true });
  const rebuilt: string[] = [];
  const superseded: { path: string; by: string }[] = [];
  const missing: string[] = [];
  for (const file of damaged) {
    if (existsSync(join(repoRoot, file.path))) {
      rebuilt.push(file.path);
      continue;
    }
    // Not written again under its own name: put back as it was, so this command deletes nothing.
    await writeFileAtomic(join(repoRoot, file.path), file.bytes, { mode: 0o644 });
    const name = parseTeamFilePath(file.path);
    const by = teamFiles.written.find((path) => {
      const other = parseTeamFilePath(path);
      return other !== null && name !== null && other.clone === name.clone && other.month === name.month && other.revision > name.revision;
    });
    if (by) superseded.push({ path: file.path, by });
    else missing.push(file.path);
  }
  if (json) {
    printJson(print, {
      schema: 'flowforge.recover-team/1',
      user,
      damaged: damaged.map(({ path, problems }) => ({ path, problems })),
      rebuilt,
      superseded,
      written: teamFiles.written,
    });
  } else {
    for (const path of rebuilt) print(`Rebuilt ${path} from your private data.`);
    for (const { path, by } of superseded) print(`${path} is superseded by the newer ${by}, which reports read instead.`);
    print(`The damaged bytes are kept in ${relative(repoRoot, keptIn)}/; commit the team files.`);
  }
  if (missing.length > 0) {
    throw flowForgeError('FF_TEAM_FILE_INVALID', {
      file: missing.join(', '),
      problems: ['not rebuilt: your private data here has no time for its month (restore it first with `flowforge recover`); it was put back as it was'],
    });
  }
}

/** Like the CLI's `--json` output: one indented document. */
const printJson = (print: Print, value: unknown): void => print(JSON.stringify(value, null, 2));

/** Seconds as people say them: `1h30m`. */
const human = (seconds: number): string => formatDuration(Math.round(seconds));
