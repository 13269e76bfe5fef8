import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { gitRun, teamRepo, type Developer } from './helpers/team.js';

/** A valid team config without imports, with `extra` merged in at the top level. */
const config = (extra = '') => `export default {
  team: { name: 'acme', timezone: 'Europe/Berlin' },
  billing: { currency: 'EUR', rates: { default: 100, users: {}, issues: {} } },
  ${extra}
};
`;

const TEAM_FILE = /^\.flowforge\/team\/alice\/[a-z2-7]{8}\/2026-11\.r\d+\.[0-9a-f]{12}\.json$/;

interface StatusJson {
  queue: { pending: number };
  warnings: { code: string; message: string }[];
}

/** The paths under `.flowforge/` that HEAD holds. */
const committedFlowForgeFiles = (dev: Developer) => dev.git('ls-tree', '-r', '--name-only', 'HEAD', '--', '.flowforge').split('\n').filter(Boolean);

/** The `A`dded paths of the last commit. */
const added = (dev: Developer) => dev.lastCommitFiles().flatMap((line) => (line.startsWith('A\t') ? [line.slice(2)] : []));

/** Seconds of alice's November as the newest committed team file holds them. */
function committedSeconds(dev: Developer): number {
  const files = committedFlowForgeFiles(dev).filter((path) => TEAM_FILE.test(path));
  const newest = files.sort((a, b) => Number(/\.r(\d+)\./.exec(b)?.[1]) - Number(/\.r(\d+)\./.exec(a)?.[1]))[0];
  if (!newest) return 0;
  const file = JSON.parse(dev.git('show', `HEAD:${newest}`)) as { buckets: { seconds: number }[] };
  return file.buckets.reduce((sum, bucket) => sum + bucket.seconds, 0);
}

describe('the husky pre-commit hook, for real', () => {
  it('commits the new team files with an unrelated commit, and nothing private', () => {
    const dev = teamRepo();
    const note = 'pairing with Bob on the Acme invoice bug';
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:30', '--note', note);
    dev.ffOk('add', '43', '--from', '2026-11-02T22:00', '--to', '2026-11-03T02:00', '--note', 'late deploy');
    dev.ffOk('add', '44', '--duration', '45m', '--date', '2026-11-04', '--non-billable');
    const ids = dev.json<{ entries: { id: string }[] }>('log', '--from', '2026-11-01', '--to', '2026-11-30').entries.map((entry) => entry.id);
    expect(ids).toHaveLength(3);

    dev.commitOk('Fix the invoice rounding', { 'src/invoice.txt': 'rounding fixed\n' });

    const commit = dev.lastCommitFiles();
    expect(commit).toContain('A\tsrc/invoice.txt');
    const teamFiles = added(dev).filter((path) => path.startsWith('.flowforge/team/'));
    expect(teamFiles).toHaveLength(1);
    expect(teamFiles[0]).toMatch(TEAM_FILE);
    expect(dev.git('ls-files', '.flowforge/user')).toBe('');
    expect(dev.git('ls-files', '.flowforge/daemon')).toBe('');
    expect(dev.status()).toBe(''); // everything the hook wrote went into the commit
    expect(committedSeconds(dev)).toBe(5400 + 4 * 3600 + 2700);

    // The private layer holds the detail (so the scan below looks for something that exists) …
    const daily = readdirSync(join(dev.repo, '.flowforge/user/alice/time/daily'))
      .map((name) => readFileSync(join(dev.repo, '.flowforge/user/alice/time/daily', name), 'utf8'))
      .join('');
    expect(daily).toContain(note);
    expect(daily).toMatch(/T\d\d:\d\d/);
    // … and no committed file under .flowforge/ carries any of it.
    const committed = committedFlowForgeFiles(dev);
    expect(committed.length).toBeGreaterThan(0);
    for (const path of committed) {
      const text = dev.git('show', `HEAD:${path}`);
      expect(text, path).not.toContain(note);
      expect(text, path).not.toContain('late deploy');
      expect(text, path).not.toMatch(/T\d\d:\d\d/);
      expect(text, path).not.toContain(hostname());
      for (const id of ids) expect(text, `${path} holds entry id ${id}`).not.toContain(id);
    }
  });

  it('adds nothing to a commit when nothing was tracked since the last one', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('first', { 'a.txt': 'a\n' });
    expect(added(dev).some((path) => path.startsWith('.flowforge/'))).toBe(true);
    dev.commitOk('second', { 'b.txt': 'b\n' });
    expect(dev.lastCommitFiles()).toEqual(['A\tb.txt']);
    expect(dev.status()).toBe('');
  });

  it('trusts its last run for a developer without TZ: it records the TZ it was given, never one it set itself', () => {
    const dev = teamRepo({ files: { 'flowforge.config.mjs': config() } }); // local days in Europe/Berlin
    const noTz = { TZ: undefined };
    expect(runCli(['add', '42', '--duration', '1h', '--date', '2026-11-02'], { cwd: dev.repo, env: dev.env(noTz) }).code).toBe(0);
    dev.commitOk('first', { 'a.txt': 'a\n' }, noTz);
    const record = join(dev.repo, '.flowforge/daemon/converged/alice.json');
    const recorded = readFileSync(record, 'utf8');
    expect(JSON.parse(recorded).tz).toBeNull();
    dev.commitOk('second', { 'b.txt': 'b\n' }, noTz);
    expect(readFileSync(record, 'utf8')).toBe(recorded); // the fast path: nothing ran to write it again
    expect(dev.lastCommitFiles()).toEqual(['A\tb.txt']);
  });

  it('skips with HUSKY=0 and FLOWFORGE_SKIP=1, and the next commit catches up without losing a minute', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('husky off', { 'a.txt': 'a\n' }, { HUSKY: '0' });
    expect(dev.lastCommitFiles()).toEqual(['A\ta.txt']);

    dev.ffOk('add', '43', '--duration', '30m', '--date', '2026-11-03');
    dev.commitOk('flowforge off', { 'b.txt': 'b\n' }, { FLOWFORGE_SKIP: '1' });
    expect(dev.lastCommitFiles()).toEqual(['A\tb.txt']);
    expect(committedFlowForgeFiles(dev)).toEqual([]);

    dev.commitOk('hook on', { 'c.txt': 'c\n' });
    expect(added(dev).filter((path) => TEAM_FILE.test(path))).toHaveLength(1);
    expect(committedSeconds(dev)).toBe(3600 + 1800);
  });

  it('stages only the files it wrote: unstaged changes and the unstaged part of a file stay out', () => {
    const dev = teamRepo();
    dev.commitOk('base', { 'notes.txt': 'one\n', 'partial.txt': 'line 1\nline 2\n' });
    writeFileSync(join(dev.repo, 'notes.txt'), 'one\nunstaged edit\n');
    writeFileSync(join(dev.repo, 'partial.txt'), 'line 1 staged\nline 2\n');
    dev.git('add', 'partial.txt');
    writeFileSync(join(dev.repo, 'partial.txt'), 'line 1 staged\nline 2 unstaged\n');
    writeFileSync(join(dev.repo, 'scratch.txt'), 'untracked\n');
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');

    const result = dev.gitRun(['commit', '--quiet', '-m', 'partial']);
    expect(result.code).toBe(0);

    const commit = dev.lastCommitFiles();
    expect(commit.filter((line) => !line.slice(2).startsWith('.flowforge/'))).toEqual(['M\tpartial.txt']); // the rest is FlowForge's own
    expect(commit.filter((line) => TEAM_FILE.test(line.slice(2)))).toHaveLength(1);
    expect(dev.git('show', 'HEAD:partial.txt')).toBe('line 1 staged\nline 2');
    expect(dev.git('show', 'HEAD:notes.txt')).toBe('one');
    expect(readFileSync(join(dev.repo, 'partial.txt'), 'utf8')).toBe('line 1 staged\nline 2 unstaged\n');
    expect(readFileSync(join(dev.repo, 'notes.txt'), 'utf8')).toBe('one\nunstaged edit\n');
    expect(dev.status().split('\n').sort()).toEqual([' M notes.txt', ' M partial.txt', '?? scratch.txt']);
  });

  it('works after lint-staged in the same .husky/pre-commit, with lint-staged hiding and restoring unstaged changes', () => {
    expect(existsSync(fileURLToPath(new URL('../node_modules/.bin/lint-staged', import.meta.url)))).toBe(true);
    const dev = teamRepo({
      files: {
        // lint-staged's task records the files it was given, so the test knows it ran.
        'package.json': JSON.stringify({ name: 'app', private: true, 'lint-staged': { '*.txt': 'node tools/lint.mjs' } }, null, 2),
        'tools/lint.mjs': "import { appendFileSync } from 'node:fs';\nappendFileSync('.git/linted', process.argv.slice(2).join('\\n') + '\\n');\n",
        '.husky/pre-commit': 'lint-staged\n',
      },
    });
    expect(readFileSync(join(dev.repo, '.husky/pre-commit'), 'utf8')).toBe('lint-staged\nflowforge hook pre-commit\n');

    dev.commitOk('base', { 'notes.txt': 'one\n', 'partial.txt': 'line 1\nline 2\n' });
    writeFileSync(join(dev.repo, 'notes.txt'), 'one\nunstaged edit\n');
    writeFileSync(join(dev.repo, 'partial.txt'), 'line 1 staged\nline 2\n');
    dev.git('add', 'partial.txt');
    writeFileSync(join(dev.repo, 'partial.txt'), 'line 1 staged\nline 2 unstaged\n');
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');

    const result = dev.gitRun(['commit', '--quiet', '-m', 'partial, with lint-staged']);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dev.repo, '.git/linted'), 'utf8')).toContain('partial.txt');

    const commit = dev.lastCommitFiles();
    expect(commit.filter((line) => !line.slice(2).startsWith('.flowforge/'))).toEqual(['M\tpartial.txt']); // the rest is FlowForge's own
    expect(commit.filter((line) => TEAM_FILE.test(line.slice(2)))).toHaveLength(1);
    expect(dev.git('show', 'HEAD:partial.txt')).toBe('line 1 staged\nline 2');
    expect(readFileSync(join(dev.repo, 'partial.txt'), 'utf8')).toBe('line 1 staged\nline 2 unstaged\n');
    expect(dev.status().split('\n').sort()).toEqual([' M notes.txt', ' M partial.txt']);
    expect(dev.git('stash', 'list')).toBe(''); // lint-staged cleaned up its backup
  });

  it('stages its newest file even when `flowforge aggregate` ran by hand since the last commit', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('first', { 'a.txt': 'a\n' });
    dev.ffOk('add', '43', '--duration', '30m', '--date', '2026-11-03');
    dev.ffOk('aggregate'); // writes a file the developer never stages
    dev.ffOk('add', '44', '--duration', '15m', '--date', '2026-11-04');

    const result = dev.commit('second', { 'b.txt': 'b\n' });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('failed');
    expect(committedSeconds(dev)).toBe(3600 + 1800 + 900);
    expect(dev.status()).toBe('');
    expect(dev.json<StatusJson>('status').queue.pending).toBe(0);
  });

  it('asks git which team files it tracks only when `flowforge aggregate` left files to sweep', () => {
    const dev = teamRepo();
    // Every git process the commit starts, the hook's included, logs its command line here. The
    // hook always asks whether git tracks private files (`.flowforge/user`): that is the guard.
    const trace = join(dev.repo, '.git', 'trace.log');
    const gitCalls = () => (readFileSync(trace, 'utf8').match(/built-in: git [a-z-]+(?= -z -- \.flowforge\/team)|built-in: git (?!ls-files)[a-z-]+/g) ?? []);

    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('first', { 'a.txt': 'a\n' }, { GIT_TRACE: trace });
    expect(gitCalls()).toContain('built-in: git update-index'); // the hook staged its files
    expect(gitCalls()).not.toContain('built-in: git ls-files');

    dev.ffOk('add', '43', '--duration', '30m', '--date', '2026-11-03');
    dev.ffOk('aggregate'); // a file the developer never stages, superseded by the commit's
    dev.ffOk('add', '44', '--duration', '15m', '--date', '2026-11-04');
    rmSync(trace);
    dev.commitOk('second', { 'b.txt': 'b\n' }, { GIT_TRACE: trace });
    expect(gitCalls()).toContain('built-in: git ls-files');
    expect(dev.status()).toBe('');
    expect(committedSeconds(dev)).toBe(3600 + 1800 + 900);
  });

  it('commits what `flowforge aggregate` (or the daemon) wrote with the next commit, even with nothing new tracked', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.ffOk('aggregate'); // nothing is left for the hook to aggregate …
    dev.commitOk('unrelated', { 'c.txt': 'c\n' }); // … yet the file it wrote goes with this commit
    expect(added(dev).filter((path) => TEAM_FILE.test(path))).toHaveLength(1);
    expect(committedSeconds(dev)).toBe(3600);
    expect(dev.status()).toBe('');
  });
});

describe('flowforge init', () => {
  it('keeps the existing hook lines and .gitignore, and a second run changes nothing', () => {
    const dev = teamRepo({ files: { '.husky/pre-commit': 'touch .git/tests-ran\n', '.gitignore': 'node_modules\ndist/\n' } });
    expect(readFileSync(join(dev.repo, '.husky/pre-commit'), 'utf8')).toBe('touch .git/tests-ran\nflowforge hook pre-commit\n');
    expect(existsSync(join(dev.repo, '.git/tests-ran'))).toBe(true); // the team's own line still runs
    expect(readFileSync(join(dev.repo, '.gitignore'), 'utf8')).toMatch(/^node_modules\ndist\/\n/);
    expect(dev.git('config', 'core.hooksPath')).toBe('.husky/_');

    const again = dev.ffOk('init', '--yes');
    expect(again).toContain('nothing changed');
    expect(dev.status()).toBe('');
    expect(readFileSync(join(dev.repo, '.husky/pre-commit'), 'utf8').match(/flowforge hook pre-commit/g)).toHaveLength(1);
  });
});

describe('failures in the hook', () => {
  it('a config with a syntax error never blocks the commit: the failure is queued, status shows it, aggregate settles it', () => {
    const dev = teamRepo({ files: { 'flowforge.config.mjs': config() } });
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    const good = readFileSync(join(dev.repo, 'flowforge.config.mjs'), 'utf8');
    writeFileSync(join(dev.repo, 'flowforge.config.mjs'), 'export default { team: { name: "acme" ,, };\n');
    const head = dev.git('rev-parse', 'HEAD');

    const result = dev.commit('commit with a broken config', { 'a.txt': 'a\n' });
    expect(result.code).toBe(0);
    expect(dev.git('rev-parse', 'HEAD^')).toBe(head);
    expect(dev.lastCommitFiles()).toEqual(['A\ta.txt']);
    expect(result.stderr).toContain('FF_CONFIG_SYNTAX');

    const shown = dev.ff('status', '--json'); // status still works, and says what is wrong
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain('FF_CONFIG_SYNTAX');
    const status = JSON.parse(shown.stdout) as StatusJson;
    expect(status.queue.pending).toBeGreaterThanOrEqual(1);
    expect(status.warnings.map((warning) => warning.code)).toContain('queue-pending');

    writeFileSync(join(dev.repo, 'flowforge.config.mjs'), good);
    dev.ffOk('aggregate');
    const settled = dev.json<StatusJson>('status');
    expect(settled.queue.pending).toBe(0);
    expect(settled.warnings).toEqual([]);
    dev.git('add', '--all', '.flowforge/team');
    dev.git('commit', '--quiet', '-m', 'team files');
    expect(committedSeconds(dev)).toBe(3600);
  });

  it('a corrupt private daily log never blocks the commit, and nothing is lost once it is repaired', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00');
    dev.ffOk('add', '43', '--from', '2026-11-02T11:00', '--to', '2026-11-02T11:30');
    const log = join(dev.repo, '.flowforge/user/alice/time/daily/2026-11-02.jsonl');
    const good = readFileSync(log, 'utf8');
    writeFileSync(log, `not a record\n${good}`); // damage before the last line is corruption, not a torn tail

    const result = dev.commit('commit with a damaged log', { 'a.txt': 'a\n' });
    expect(result.code).toBe(0);
    expect(dev.lastCommitFiles()).toEqual(['A\ta.txt']);
    expect(result.stderr).toContain('FF_');

    const status = dev.json<StatusJson>('status'); // "now" is in a later week: status does not read that log
    expect(status.queue.pending).toBeGreaterThanOrEqual(1);
    expect(status.warnings.map((warning) => warning.code)).toContain('queue-pending');

    writeFileSync(log, good);
    dev.ffOk('aggregate');
    expect(dev.json<StatusJson>('status')).toMatchObject({ queue: { pending: 0 }, warnings: [] });
    dev.git('add', '--all', '.flowforge/team');
    dev.git('commit', '--quiet', '-m', 'team files');
    expect(committedSeconds(dev)).toBe(5400);
  });

  it('with hook.failOnError, a failure blocks the commit', () => {
    const dev = teamRepo({ files: { 'flowforge.config.mjs': config('hook: { failOnError: true },') } });
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00');
    const log = join(dev.repo, '.flowforge/user/alice/time/daily/2026-11-02.jsonl');
    writeFileSync(log, `not a record\n${readFileSync(log, 'utf8')}`);
    const head = dev.git('rev-parse', 'HEAD');

    const result = dev.commit('blocked', { 'a.txt': 'a\n' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('2026-11-02.jsonl is damaged');
    expect(dev.git('rev-parse', 'HEAD')).toBe(head);
    expect(dev.status()).toBe('A  a.txt'); // still staged, ready for the next try
    expect(gitRun(dev.repo, {}, 'ls-files', '.flowforge').stdout).toBe('');
  });
});
