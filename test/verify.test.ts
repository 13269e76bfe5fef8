import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { writeFiles } from './helpers/repo.js';
import { cloneFor, type Developer, teamRepo, tempDir } from './helpers/team.js';

interface VerifyJson {
  schema: string;
  ok: boolean;
  files: number;
  problems: { file: string; severity: 'error' | 'warning' | 'info'; message: string }[];
}

interface AuditJson {
  schema: string;
  user: string;
  seq: number;
  previous: string | null;
  trigger: string;
  files: Record<string, string>;
}

const AUDIT = '.flowforge/recovery/alice/audit';
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `flowforge verify --json`, whatever it exits with. */
function verifyJson(dev: Developer): { code: number; report: VerifyJson } {
  const result = dev.ff('verify', '--json');
  expect(result.stderr).toBe('');
  return { code: result.code, report: JSON.parse(result.stdout) as VerifyJson };
}

/** alice's committed team files for `month`, oldest revision first. */
function teamFilesOf(dev: Developer, month: string): string[] {
  return dev
    .git('ls-files', '.flowforge/team/alice')
    .split('\n')
    .filter((path) => path.includes(`/${month}.r`))
    .sort((a, b) => Number(/\.r(\d+)\./.exec(a)?.[1]) - Number(/\.r(\d+)\./.exec(b)?.[1]));
}

/** alice's audit records in the work tree, by name (seq order). */
function auditRecords(dev: Developer): { path: string; bytes: string; record: AuditJson }[] {
  const names = (() => {
    try {
      return readdirSync(join(dev.repo, AUDIT)).sort();
    } catch {
      return [];
    }
  })();
  return names.map((name) => {
    const bytes = readFileSync(join(dev.repo, AUDIT, name), 'utf8');
    return { path: `${AUDIT}/${name}`, bytes, record: JSON.parse(bytes) as AuditJson };
  });
}

/** A team repo where alice tracked time in November and December and committed it through the hook. */
function trackedRepo(): Developer {
  const dev = teamRepo();
  dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:30', '--note', 'pairing with Bob');
  dev.ffOk('add', '43', '--duration', '45m', '--date', '2026-12-01');
  dev.commitOk('work', { 'src/a.txt': 'a\n' });
  return dev;
}

const edit = (dev: Developer, path: string, change: (text: string) => string) =>
  writeFileSync(join(dev.repo, path), change(readFileSync(join(dev.repo, path), 'utf8')));

describe('flowforge verify', () => {
  it('passes a repo after tracking and committing through the hook: every file checked, no problem', () => {
    const dev = trackedRepo();
    const result = dev.ff('verify');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Verified 3 file(s) under .flowforge/: no problem.');

    const { code, report } = verifyJson(dev);
    expect(code).toBe(0);
    expect(report).toEqual({ schema: 'flowforge.verify/1', ok: true, files: 3, problems: [] });

    // CI sees the commit, not this work tree: a fresh clone verifies as well.
    const clone = cloneFor(dev.repo, 'manager');
    expect(clone.ff('verify')).toMatchObject({ code: 0 });
  });

  it('names a hand-edited team file twice: its name no longer hashes its bytes, and the audit trail recorded other bytes', () => {
    const dev = trackedRepo();
    const [november] = teamFilesOf(dev, '2026-11') as [string];
    edit(dev, november, (text) => text.replace('"seconds":5400', '"seconds":9000'));

    const result = dev.ff('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`${november}: its bytes hash to [0-9a-f]{12}, not [0-9a-f]{12} as its name says`));
    expect(result.stdout).toContain(`${november}: differs from the audit trail`);
    expect(result.stdout).toContain('2 errors');

    const { code, report } = verifyJson(dev);
    expect(code).toBe(1);
    expect(report.schema).toBe('flowforge.verify/1');
    expect(report.ok).toBe(false);
    expect(report.problems.map(({ file, severity }) => ({ file, severity }))).toEqual([
      { file: november, severity: 'error' },
      { file: november, severity: 'error' },
    ]);
  });

  it('refuses a key outside the privacy allowlist', () => {
    const dev = trackedRepo();
    const [november] = teamFilesOf(dev, '2026-11') as [string];
    edit(dev, november, (text) => text.replace('{"issue":"42",', '{"issue":"42","note":"pairing with Bob",'));

    const { code, report } = verifyJson(dev);
    expect(code).toBe(1);
    expect(report.problems).toContainEqual({ file: november, severity: 'error', message: 'buckets[0] has "note", which is not allowed in the team layer' });
  });

  it('names each kind of damage: a bucket in another month, an unknown file, a missing file, a broken chain', () => {
    const dev = trackedRepo();
    dev.ffOk('add', '44', '--duration', '1h', '--date', '2026-12-02');
    dev.commitOk('more work', { 'src/b.txt': 'b\n' });
    const [november] = teamFilesOf(dev, '2026-11') as [string];
    const december = teamFilesOf(dev, '2026-12').at(-1) as string;
    const [first, second] = auditRecords(dev);

    edit(dev, november, (text) => text.replace('"period":"2026-11-02"', '"period":"2026-12-02"'));
    writeFiles(dev.repo, { '.flowforge/team/alice/notes.txt': 'hello\n' });
    rmSync(join(dev.repo, december));
    rmSync(join(dev.repo, first?.path as string));

    const { code, report } = verifyJson(dev);
    expect(code).toBe(1);
    const errors = report.problems.filter((problem) => problem.severity === 'error');
    expect(errors).toContainEqual({ file: november, severity: 'error', message: 'buckets[0].period 2026-12-02 belongs in another month\'s file' });
    expect(errors).toContainEqual(expect.objectContaining({ file: '.flowforge/team/alice/notes.txt', message: expect.stringContaining('not a FlowForge team file') }));
    expect(errors).toContainEqual(expect.objectContaining({ file: december, message: expect.stringContaining('missing from the work tree') }));
    expect(errors).toContainEqual(expect.objectContaining({ file: second?.path, message: expect.stringContaining('its previous record') }));
  });

  it('with --ci under GitHub Actions: an ::error annotation per problem and a table in the step summary', () => {
    const dev = trackedRepo();
    const [november] = teamFilesOf(dev, '2026-11') as [string];
    edit(dev, november, (text) => text.replace('"seconds":5400', '"seconds":9000'));
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '## earlier step\n');

    const plain = dev.ff('verify', '--ci');
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain('::error');

    const ci = runCli(['verify', '--ci'], { cwd: dev.repo, env: dev.env({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }) });
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain(`::error file=${november}::its bytes hash to`);
    expect(ci.stdout).toContain(`::error file=${november}::differs from the audit trail`);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown.startsWith('## earlier step\n## FlowForge verify\n')).toBe(true);
    expect(markdown).toContain('| severity | file | problem |');
    // The file in an HTML <code>, whose text Markdown does not parse: a name cannot add markup.
    expect(markdown).toContain(`| ❌ error | <code>${november}</code> | its bytes hash to`);
  });

  it('passes a merge of two branches of one user in the same month: a warning for the older revision, a note for the forked trail, exit 0', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02');
    dev.commitOk('base', { 'a.txt': 'a\n' });
    dev.git('branch', 'feature');
    dev.ffOk('add', '42', '--duration', '30m', '--date', '2026-11-03');
    dev.commitOk('on main', { 'b.txt': 'b\n' });
    dev.git('checkout', '--quiet', 'feature');
    dev.ffOk('add', '43', '--duration', '2h', '--date', '2026-11-04');
    dev.commitOk('on feature', { 'c.txt': 'c\n' });
    dev.git('checkout', '--quiet', 'main');
    dev.git('merge', '--quiet', '--no-edit', 'feature');

    const records = auditRecords(dev);
    expect(records.map(({ record }) => record.seq)).toEqual([1, 2, 2]); // both branches appended record 2
    const { code, report } = verifyJson(dev);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    const november = teamFilesOf(dev, '2026-11');
    expect(report.problems).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/^\.flowforge\/recovery\/alice\/audit\/000002\./), severity: 'info', message: expect.stringContaining('fork') }),
      expect.objectContaining({ file: november[1], severity: 'warning', message: expect.stringContaining('after a merge') }),
    ]);

    // The next commit with time continues the trail from one of the two records, and verifies.
    dev.ffOk('add', '42', '--duration', '15m', '--date', '2026-11-05');
    dev.commitOk('after the merge', { 'd.txt': 'd\n' });
    const third = auditRecords(dev).find(({ record }) => record.seq === 3);
    expect(records.filter(({ record }) => record.seq === 2).map(({ bytes }) => sha256(bytes))).toContain(third?.record.previous);
    expect(verifyJson(dev).code).toBe(0);
  });
});

describe('the audit trail', () => {
  it('gains one record per aggregation that changed files, none for a no-op, each linked to the one before', () => {
    const dev = teamRepo();
    dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00', '--note', 'secret client');
    dev.ffOk('aggregate');
    expect(auditRecords(dev)).toHaveLength(1);
    expect(dev.ffOk('aggregate')).toContain('Nothing to aggregate');
    dev.ffOk('aggregate', '--all');
    expect(auditRecords(dev)).toHaveLength(1);

    dev.ffOk('add', '43', '--duration', '2h', '--date', '2026-12-01');
    dev.ffOk('aggregate');
    const [first, second] = auditRecords(dev) as [ReturnType<typeof auditRecords>[number], ReturnType<typeof auditRecords>[number]];
    expect(auditRecords(dev)).toHaveLength(2);
    expect(first.record).toMatchObject({ schema: 'flowforge.audit/1', user: 'alice', seq: 1, previous: null, trigger: 'manual' });
    expect(second.record).toMatchObject({ seq: 2, previous: sha256(first.bytes), trigger: 'manual' });
    expect(first.path).toBe(`${AUDIT}/000001.${sha256(first.bytes).slice(0, 12)}.json`);
    expect(second.path).toBe(`${AUDIT}/000002.${sha256(second.bytes).slice(0, 12)}.json`);
    // It lists the newest file of every month, byte for byte, and nothing private.
    const [shard] = readdirSync(join(dev.repo, '.flowforge/team/alice')); // this clone's
    const dir = `.flowforge/team/alice/${shard}`;
    const newest = ['2026-11', '2026-12'].map((month) => readdirSync(join(dev.repo, dir)).filter((name) => name.startsWith(month)).map((name) => `${dir}/${name}`)[0] as string);
    expect(second.record.files).toEqual(Object.fromEntries(newest.map((path) => [path, sha256(readFileSync(join(dev.repo, path)))])));
    expect(second.bytes).not.toMatch(/T\d\d:\d\d|secret client/);

    // The next commit through the hook carries what `aggregate` left uncommitted, so a clone verifies.
    dev.ffOk('add', '42', '--duration', '30m', '--date', '2026-11-03');
    dev.commitOk('work', { 'a.txt': 'a\n' });
    expect(auditRecords(dev)).toHaveLength(3);
    expect(dev.git('ls-files', AUDIT).split('\n')).toHaveLength(3);
    const clone = cloneFor(dev.repo, 'manager');
    expect(clone.ff('verify')).toMatchObject({ code: 0 });
  });

  it('carries forward the checksums it vouched for: a team file damaged since keeps its written hash, and verify names it', () => {
    const dev = trackedRepo();
    const [november] = teamFilesOf(dev, '2026-11') as [string];
    const written = sha256(readFileSync(join(dev.repo, november)));
    edit(dev, november, (text) => text.replace('"seconds":5400', '"seconds":9000'));

    dev.ffOk('add', '43', '--duration', '1h', '--date', '2026-12-15');
    dev.commitOk('more work', { 'src/b.txt': 'b\n' });
    const newest = auditRecords(dev).at(-1)?.record;
    expect(newest?.seq).toBe(2);
    expect(newest?.files[november]).toBe(written);
    // The December file it wrote was read: its checksum is of its bytes.
    const [december] = teamFilesOf(dev, '2026-12').slice(-1) as [string];
    expect(newest?.files[december]).toBe(sha256(readFileSync(join(dev.repo, december))));

    const result = dev.ff('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${november}: differs from the audit trail`);
  });
});

const WORKFLOW = '.github/workflows/time-aggregation-check.yml';

describe('flowforge init --ci', () => {
  it('writes the workflow of examples/ci/, a second run changes nothing, and a file of the team\'s own is left alone with a word', () => {
    const dev = teamRepo();
    const written = dev.ffOk('init', '--ci');
    expect(written).toContain(`✓ ${WORKFLOW}: written`);
    // The monorepo's install is linked here, with no lock file for the workflow's `npm ci`.
    expect(written).toContain(`! ${WORKFLOW} installs this repo's dependencies with \`npm ci\`, which needs a package-lock.json`);
    const example = readFileSync(new URL('../examples/ci/time-aggregation-check.yml', import.meta.url), 'utf8');
    expect(readFileSync(join(dev.repo, WORKFLOW), 'utf8')).toBe(example);
    expect(dev.status()).toBe('?? .github/');

    expect(dev.ffOk('init', '--ci')).toBe('FlowForge is already set up here; nothing changed.\n');
    expect(readFileSync(join(dev.repo, WORKFLOW), 'utf8')).toBe(example);

    const own = example.replace('node-version: 20', 'node-version: 22');
    writeFileSync(join(dev.repo, WORKFLOW), own);
    expect(dev.ffOk('init', '--ci')).toContain(`! ${WORKFLOW} exists and differs from FlowForge's workflow; left as it is.`);
    expect(readFileSync(join(dev.repo, WORKFLOW), 'utf8')).toBe(own);
  });

  it('the workflow installs the locked dependencies, verifies every push and pull request with full history and uploads the JSON report even when verify fails', () => {
    const workflow = readFileSync(new URL('../examples/ci/time-aggregation-check.yml', import.meta.url), 'utf8');
    expect(workflow).toMatch(/^on:\n {2}push:\n {2}pull_request:\n/m);
    expect(workflow).toMatch(/uses: actions\/checkout@v4\n\s+with:\n\s+fetch-depth: 0\n/);
    expect(workflow).toMatch(/uses: actions\/setup-node@v4\n\s+with:\n\s+node-version: 20\n\s+cache: npm\n/);
    expect(workflow).toContain('run: npm ci --ignore-scripts\n');
    expect(workflow).toContain('run: npx --no flowforge verify --ci\n');
    expect(workflow).toMatch(/if: always\(\)\n\s+run: npx --no flowforge verify --json > flowforge-verify\.json/);
    expect(workflow).toMatch(/if: always\(\)\n\s+uses: actions\/upload-artifact@v4\n\s+with:\n\s+name: flowforge-verify\n\s+path: flowforge-verify\.json\n/);
    // The repository's own CLI, never the registry's latest.
    expect(workflow).not.toContain('--yes');
    expect(workflow).not.toContain('@flowforge/cli verify');
  });
});

interface DoctorJson {
  schema: string;
  ok: boolean;
  checks: { id: string; title: string; status: string; message: string; fix: string | null }[];
}

describe('flowforge doctor', () => {
  it('passes a good set-up: hook wired, private data ignored and private, a snapshot taken', () => {
    const dev = trackedRepo();
    const result = dev.ff('doctor');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ git hooks wiring: core.hooksPath = .husky/_');
    expect(result.stdout).toMatch(/✓ backups: 1 good snapshot\(s\) of alice in /);
    expect(result.stdout).toMatch(/All \d+ checks passed\.\n$/);

    const report = dev.json<DoctorJson>('doctor');
    expect(report).toMatchObject({ schema: 'flowforge.doctor/1', ok: true });
    expect(report.checks.map((check) => check.id)).toEqual([
      'git-repo', 'config', 'hooks-path', 'pre-commit', 'gitignore-user', 'gitignore-daemon', 'folders', 'private-committed', 'permissions', 'user', 'team-drift', 'queue', 'backups',
    ]);
    for (const check of report.checks) expect(check, check.id).toMatchObject({ status: process.platform === 'win32' && check.id === 'permissions' ? 'skip' : 'pass', fix: null });
  });

  it('fails a broken set-up — no hook wiring, private data committed — naming both problems and how to fix each', () => {
    const dev = trackedRepo();
    dev.git('config', '--unset', 'core.hooksPath');
    dev.git('add', '--force', '.flowforge/user/alice');
    dev.git('commit', '--quiet', '-m', 'oops');

    const result = dev.ff('doctor');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ git hooks wiring: core.hooksPath is not set, not .husky/_');
    expect(result.stdout).toContain('    fix: run `flowforge init` in this clone');
    expect(result.stdout).toMatch(/✗ private data not committed: git tracks \d+ file\(s\) under \.flowforge\/user\/ or \.flowforge\/daemon\/ \(\.flowforge\/user\/alice\//);
    expect(result.stdout).toContain('    fix: `git rm -r --cached --ignore-unmatch .flowforge/user .flowforge/daemon` and commit');
    expect(result.stdout).toContain('2 problem(s): git hooks wiring, private data not committed.');

    const report = JSON.parse(dev.ff('doctor', '--json').stdout) as DoctorJson;
    expect(report.ok).toBe(false);
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['hooks-path', 'private-committed']);
  });

  it('outside a git work tree, says so and stops', () => {
    const dir = tempDir();
    const result = runCli(['doctor'], { cwd: dir, env: { FLOWFORGE_USER: 'alice' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ git work tree: ${dir} is not inside a git work tree`);
  });
});
