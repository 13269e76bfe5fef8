import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from './helpers/cli.js';
import { git, makeTempRepo } from './helpers/repo.js';

/** A developer's terminal: alice in Berlin, at a fixed "now" per command. */
function developer(repo: string, user = 'alice', zone = 'Europe/Berlin') {
  return (now: string, ...args: string[]) => runCli(args, { cwd: repo, env: { FLOWFORGE_USER: user, FLOWFORGE_NOW: now, TZ: zone } });
}

const json = (result: { code: number; stdout: string; stderr: string }) => {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('timers', () => {
  it('start, auto-pause, pause, resume and stop produce the log and status the docs describe', () => {
    const repo = makeTempRepo();
    const ff = developer(repo);
    expect(ff('2026-11-02T08:00:00Z', 'start', '42', '--note', 'api work').stdout).toContain('Started 42 at 09:00');
    expect(ff('2026-11-02T09:00:00Z', 'start', '#41').code).toBe(0); // pauses 42 first
    expect(ff('2026-11-02T09:10:00Z', 'pause', '--reason', 'lunch').code).toBe(0);

    const paused = json(ff('2026-11-02T09:20:00Z', 'status', '--json'));
    expect(paused).toEqual({
      schema: 'flowforge.status/1',
      user: 'alice',
      active: null,
      paused: [
        { issue: '42', seconds: 3600 },
        { issue: '41', seconds: 600 },
      ],
      today: { seconds: 4200 },
      week: { seconds: 4200 },
      queue: { pending: 0 },
      team: { missingSeconds: 0 },
      warnings: [],
    });

    expect(ff('2026-11-02T10:00:00Z', 'resume', '42').stdout).toContain('Resumed 42 at 11:00');
    const running = json(ff('2026-11-02T10:30:00Z', 'status', '--json'));
    expect(running.active).toEqual({ issue: '42', since: '2026-11-02T10:00:00Z', seconds: 1800 });
    expect(running.today.seconds).toBe(4200 + 1800);
    expect(ff('2026-11-02T11:00:00Z', 'stop').stdout).toContain('Stopped 42: logged 1h');

    const log = json(ff('2026-11-02T12:00:00Z', 'log', '--json'));
    expect(log.schema).toBe('flowforge.log/1');
    expect(log.user).toBe('alice');
    expect(log.entries.map(({ id: _id, ...rest }: { id: string }) => rest)).toEqual([
      { issue: '42', start: '2026-11-02T08:00:00Z', end: '2026-11-02T09:00:00Z', seconds: 3600, billable: true, note: 'api work' },
      { issue: '41', start: '2026-11-02T09:00:00Z', end: '2026-11-02T09:10:00Z', seconds: 600, billable: true },
      { issue: '42', start: '2026-11-02T10:00:00Z', end: '2026-11-02T11:00:00Z', seconds: 3600, billable: true, note: 'api work' },
    ]);
    for (const entry of log.entries) expect(entry.id).toMatch(/^[0-9a-z]{6}$/);
    expect(new Set(log.entries.map((entry: { id: string }) => entry.id)).size).toBe(3);
  });

  it('switch stops the running timer instead of pausing it', () => {
    const ff = developer(makeTempRepo());
    ff('2026-11-02T08:00:00Z', 'start', '42');
    expect(ff('2026-11-02T08:30:00Z', 'switch', '43').stdout).toContain('Stopped 42: logged 30m');
    const status = json(ff('2026-11-02T09:00:00Z', 'status', '--json'));
    expect(status.active).toMatchObject({ issue: '43', since: '2026-11-02T08:30:00Z' });
    expect(status.paused).toEqual([]);
  });

  it('stop --at trims the stretch; nothing to stop exits 1', () => {
    const ff = developer(makeTempRepo());
    ff('2026-11-02T08:00:00Z', 'start', '42');
    ff('2026-11-02T12:00:00Z', 'stop', '--at', '10:15');
    expect(json(ff('2026-11-02T12:00:00Z', 'log', '--json')).entries[0]).toMatchObject({ end: '2026-11-02T09:15:00Z', seconds: 4500 });
    const nothing = ff('2026-11-02T12:00:00Z', 'stop');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('FF_NOTHING_RUNNING No timer to stop.');
  });

  it('warns about a stale timer and never bills it without a confirmation or a trim', () => {
    const ff = developer(makeTempRepo());
    ff('2026-11-02T08:00:00Z', 'start', '42');
    const status = json(ff('2026-11-02T20:00:00Z', 'status', '--json'));
    expect(status.warnings).toEqual([expect.objectContaining({ code: 'stale-timer' })]);
    const refused = ff('2026-11-02T20:00:00Z', 'stop');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FF_STALE_TIMER');
    expect(json(ff('2026-11-02T20:00:00Z', 'log', '--json')).entries).toEqual([]);
    expect(ff('2026-11-02T20:00:00Z', 'stop', '--confirm').code).toBe(0);
    expect(json(ff('2026-11-02T20:00:00Z', 'log', '--json')).entries[0].seconds).toBe(12 * 3600);
  });

  it('reads a zone in any case, as ICU does: TZ=europe/berlin is Berlin, not UTC', () => {
    const repo = makeTempRepo();
    const ff = developer(repo, 'alice', 'europe/berlin');
    expect(ff('2026-11-02T22:00:00Z', 'start', '42').stdout).toContain('Started 42 at 23:00');
    expect(ff('2026-11-02T23:30:00Z', 'stop').code).toBe(0);
    // 23:00Z is midnight in Berlin: of the 90 minutes, the last 30 are on the 3rd there.
    expect(json(ff('2026-11-02T23:30:00Z', 'status', '--json')).today.seconds).toBe(1800);
  });
});

describe('manual entries', () => {
  it('adds, edits and removes entries, keeping every previous version in the daily log', () => {
    const repo = makeTempRepo();
    const ff = developer(repo);
    const added = ff('2026-11-03T18:00:00Z', 'add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:30', '--note', 'review');
    expect(added.stdout).toMatch(/^Added [0-9a-z]{6}: 42 2026-11-02 09:00–10:30 \(1h30m\)/);
    const id = added.stdout.slice(6, 12);
    ff('2026-11-03T18:00:00Z', 'add', '43', '--duration', '45m', '--date', '2026-11-03', '--non-billable');

    expect(ff('2026-11-03T18:00:00Z', 'edit', id, '--to', '11:00', '--issue', '44').code).toBe(0);
    let entries = json(ff('2026-11-03T18:00:00Z', 'log', '--json')).entries;
    expect(entries).toEqual([
      { id, issue: '44', start: '2026-11-02T08:00:00Z', end: '2026-11-02T10:00:00Z', seconds: 7200, billable: true, note: 'review' },
      // --duration without times goes from 09:00 local on that day
      expect.objectContaining({ issue: '43', start: '2026-11-03T08:00:00Z', end: '2026-11-03T08:45:00Z', seconds: 2700, billable: false }),
    ]);

    expect(ff('2026-11-03T18:00:00Z', 'rm', id).code).toBe(0);
    entries = json(ff('2026-11-03T18:00:00Z', 'log', '--json')).entries;
    expect(entries.map((entry: { issue: string }) => entry.issue)).toEqual(['43']);

    const daily = readFileSync(join(repo, '.flowforge/user/alice/time/daily/2026-11-02.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(daily.map((record) => record.op)).toEqual(['add', 'edit', 'rm']);
    expect(daily[1].previous).toMatchObject({ issue: '42', end: '2026-11-02T09:30:00Z' });
    expect(daily[2].previous).toMatchObject({ issue: '44' });
  });

  it('moves an entry edited onto another day, and finds it under its new id', () => {
    const ff = developer(makeTempRepo());
    const id = ff('2026-11-05T12:00:00Z', 'add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00').stdout.slice(6, 12);
    const moved = ff('2026-11-05T12:00:00Z', 'edit', id, '--from', '2026-11-04T09:00', '--to', '2026-11-04T10:00');
    expect(moved.code).toBe(0);
    const newId = /now ([0-9a-z]{6})/.exec(moved.stdout)?.[1];
    expect(newId).toBeDefined();
    const entries = json(ff('2026-11-05T12:00:00Z', 'log', '--json')).entries;
    expect(entries).toEqual([expect.objectContaining({ id: newId, start: '2026-11-04T08:00:00Z' })]);
    expect(ff('2026-11-05T12:00:00Z', 'rm', newId as string).code).toBe(0);
  });

  it('refuses overlapping time and names the entry it would overlap', () => {
    const ff = developer(makeTempRepo());
    const id = ff('2026-11-02T18:00:00Z', 'add', '42', '--from', '09:00', '--to', '10:00').stdout.slice(6, 12);
    const overlap = ff('2026-11-02T18:00:00Z', 'add', '43', '--from', '09:30', '--to', '11:00');
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain(`FF_ENTRY_OVERLAP That time overlaps entry ${id}`);
  });

  it('splits nothing it stores but clips the log to the local days asked for', () => {
    const ff = developer(makeTempRepo());
    ff('2026-11-03T12:00:00Z', 'add', '42', '--from', '2026-11-02T22:00', '--to', '2026-11-03T02:00');
    const first = json(ff('2026-11-03T12:00:00Z', 'log', '--from', '2026-11-02', '--to', '2026-11-02', '--json')).entries;
    const second = json(ff('2026-11-03T12:00:00Z', 'log', '--from', '2026-11-03', '--to', '2026-11-03', '--json')).entries;
    expect(first).toEqual([expect.objectContaining({ start: '2026-11-02T21:00:00Z', end: '2026-11-02T23:00:00Z', seconds: 7200 })]);
    expect(second).toEqual([expect.objectContaining({ start: '2026-11-02T23:00:00Z', end: '2026-11-03T01:00:00Z', seconds: 7200 })]);
    expect(first[0].id).toBe(second[0].id);
  });

  it('counts the 25-hour day of the autumn DST change exactly', () => {
    const ff = developer(makeTempRepo());
    ff('2026-10-26T12:00:00Z', 'add', '42', '--from', '2026-10-25T00:00', '--to', '2026-10-25T06:00');
    const [entry] = json(ff('2026-10-26T12:00:00Z', 'log', '--from', '2026-10-25', '--to', '2026-10-25', '--json')).entries;
    expect(entry.seconds).toBe(7 * 3600);
  });

  it('loses nothing when 20 processes add at the same time', async () => {
    const repo = makeTempRepo();
    const env = { ...process.env, FLOWFORGE_USER: 'alice', FLOWFORGE_NOW: '2026-11-03T12:00:00Z', TZ: 'UTC', NO_COLOR: '1' };
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const from = `2026-11-02T${String(i).padStart(2, '0')}:00`;
        const to = `2026-11-02T${String(i).padStart(2, '0')}:45`;
        const child = spawn(process.execPath, [CLI_BIN, 'add', String(100 + i), '--from', from, '--to', to], { cwd: repo, env, stdio: 'ignore' });
        return new Promise<number | null>((resolve) => child.on('exit', resolve));
      }),
    );
    expect(codes).toEqual(Array(20).fill(0));
    const entries = json(developer(repo, 'alice', 'UTC')('2026-11-03T12:00:00Z', 'log', '--from', '2026-11-02', '--to', '2026-11-02', '--json')).entries;
    expect(entries).toHaveLength(20);
    expect(entries.reduce((sum: number, entry: { seconds: number }) => sum + entry.seconds, 0)).toBe(20 * 45 * 60);
    expect(new Set(entries.map((entry: { id: string }) => entry.id)).size).toBe(20);
  });

  it('gives each of 20 concurrent `add --duration` on one day a slot of its own', async () => {
    const repo = makeTempRepo();
    const env = { ...process.env, FLOWFORGE_USER: 'alice', FLOWFORGE_NOW: '2026-11-03T12:00:00Z', TZ: 'UTC', NO_COLOR: '1' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => {
        const child = spawn(process.execPath, [CLI_BIN, 'add', '7', '--duration', '5m', '--date', '2026-11-02'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
      }),
    );
    expect(results.filter((result) => result.code !== 0)).toEqual([]);
    const entries = json(developer(repo, 'alice', 'UTC')('2026-11-03T12:00:00Z', 'log', '--from', '2026-11-02', '--to', '2026-11-02', '--json')).entries;
    expect(entries).toHaveLength(20);
    // Back to back from 09:00, none overlapping: 09:00–10:40.
    expect(entries.map((entry: { start: string }) => entry.start.slice(11, 16))).toEqual(
      Array.from({ length: 20 }, (_, i) => `${String(9 + Math.floor((i * 5) / 60)).padStart(2, '0')}:${String((i * 5) % 60).padStart(2, '0')}`),
    );
  });
});

describe('the private store', () => {
  it('is private: 0700 folders, 0600 files, and git ignores it even without init', () => {
    const repo = makeTempRepo();
    developer(repo)('2026-11-02T08:00:00Z', 'add', '42', '--duration', '1h', '--date', '2026-11-01');
    const root = join(repo, '.flowforge/user/alice');
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'time/daily')).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(join(root, 'time/daily'));
    expect(statSync(join(root, 'time/daily', file as string)).mode & 0o777).toBe(0o600);
    git(repo, 'add', '-A');
    expect(git(repo, 'ls-files', '.flowforge/user')).toBe('');
  });

  it('reports a corrupted daily log by name, keeps its bytes, and overwrites nothing', () => {
    const repo = makeTempRepo();
    const ff = developer(repo);
    ff('2026-11-02T18:00:00Z', 'add', '42', '--from', '09:00', '--to', '10:00');
    const file = join(repo, '.flowforge/user/alice/time/daily/2026-11-02.jsonl');
    const damaged = `garbage that is not json\n${readFileSync(file, 'utf8')}`;
    writeFileSync(file, damaged);
    const result = ff('2026-11-02T18:00:00Z', 'log', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`FF_STORE_CORRUPT ${file} is damaged`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe(damaged);
    const kept = /kept at (\S+)\./.exec(result.stderr)?.[1] as string;
    expect(readFileSync(kept, 'utf8')).toBe(damaged);
  });

  it('reports a damaged last line that ends in a newline as damage, not a torn append', () => {
    const repo = makeTempRepo();
    const ff = developer(repo);
    ff('2026-11-02T18:00:00Z', 'add', '42', '--from', '09:00', '--to', '10:00');
    ff('2026-11-02T18:00:00Z', 'add', '43', '--from', '10:00', '--to', '11:00');
    const file = join(repo, '.flowforge/user/alice/time/daily/2026-11-02.jsonl');
    const [first = '', second = ''] = readFileSync(file, 'utf8').split('\n');
    const damaged = `${first}\n${second.slice(0, -1)}\n`; // the last record lost its closing brace, not its newline
    writeFileSync(file, damaged);
    for (const command of [['log', '--json'], ['status'], ['aggregate']]) {
      const result = ff('2026-11-02T18:00:00Z', ...command);
      expect(result.code, command.join(' ')).toBe(1);
      expect(result.stderr).toContain(`FF_STORE_CORRUPT ${file} is damaged`);
      expect(result.stderr).toContain('line 2');
    }
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });

  it('exports every private record as one JSON document', () => {
    const repo = makeTempRepo();
    const ff = developer(repo);
    ff('2026-11-02T18:00:00Z', 'add', '42', '--from', '09:00', '--to', '10:00', '--note', 'secret client call');
    ff('2026-11-02T18:00:00Z', 'start', '43');
    const out = join(repo, 'export.json');
    expect(ff('2026-11-02T18:30:00Z', 'export', '--out', out).code).toBe(0);
    const document = JSON.parse(readFileSync(out, 'utf8'));
    expect(document).toMatchObject({ schema: 'flowforge.export/1', user: 'alice', timer: { active: { issue: '43' } } });
    expect(document.days['2026-11-02'][0].entry.note).toBe('secret client call');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});

describe('bad input', () => {
  it.each([
    [['start'], {}, 'FF_USAGE'],
    [['start', 'bad issue'], {}, 'FF_BAD_ISSUE'],
    [['add', '42', '--from', '10:00', '--to', '09:00'], {}, 'FF_BAD_RANGE'],
    [['add', '42', '--duration', '90'], {}, 'FF_BAD_DURATION'],
    [['add', '42', '--from', '25:99', '--to', '10:00'], {}, 'FF_BAD_TIME'],
    [['add', '42', '--duration', '1h', '--from', '09:00'], {}, 'FF_USAGE'],
    [['log', '--from', '2026-02-30'], {}, 'FF_BAD_DAY'],
    [['start', '42', '--at', '23:59'], {}, 'FF_IN_FUTURE'],
    [['edit', 'zzzzzz', '--note', 'x'], {}, 'FF_ENTRY_NOT_FOUND'],
    [['status'], { FLOWFORGE_USER: '../x' }, 'FF_BAD_USER_ID'],
    [['status'], { FLOWFORGE_USER: '' }, 'FF_BAD_USER_ID'],
    [['status'], { FLOWFORGE_USER: 'Alice' }, 'FF_BAD_USER_ID'],
    [['status'], { FLOWFORGE_USER: 'a\u0007b' }, 'FF_BAD_USER_ID'],
    [['status'], { FLOWFORGE_NOW: 'yesterday' }, 'FF_BAD_NOW'],
    [['status'], { TZ: 'Mars/Olympus' }, 'FF_BAD_TIME_ZONE'],
    [['status'], { TZ: 'Europe' }, 'FF_BAD_TIME_ZONE'], // a folder of the tz database, not a zone
    [['status'], { TZ: 'posixrules' }, 'FF_BAD_TIME_ZONE'], // a file of it that ICU does not know
  ])('%j with %j → exit 2, %s, no stack, nothing written', (args, env, code) => {
    const repo = makeTempRepo();
    const result = runCli(args, { cwd: repo, env: { FLOWFORGE_USER: 'alice', FLOWFORGE_NOW: '2026-11-02T12:00:00Z', TZ: 'Europe/Berlin', ...env } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${code} `));
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(repo, '.flowforge/user/alice/time/daily'))).toBe(false);
  });

  it('takes the user id from git when FLOWFORGE_USER is unset', () => {
    const repo = makeTempRepo();
    git(repo, 'config', 'user.email', 'Bob.Smith@Example.com');
    const result = runCli(['status', '--json'], { cwd: repo, env: { FLOWFORGE_USER: undefined, FLOWFORGE_NOW: '2026-11-02T12:00:00Z' } });
    expect(json(result).user).toBe('bob.smith-example.com');
    git(repo, 'config', 'flowforge.user', 'bob');
    expect(json(runCli(['status', '--json'], { cwd: repo, env: { FLOWFORGE_USER: undefined } })).user).toBe('bob');
  });
});
