import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOUNDED, CLI_BIN } from '../helpers/cli.js';
import { writeFiles } from '../helpers/repo.js';
import { type Developer, tempDir } from '../helpers/team.js';
import { expectCalm, trackedTeamRepo } from './hostile.js';

/**
 * Rows 12 and 13: what FlowForge prints. A file name comes from whoever pushed it, so it is shown,
 * never obeyed — not by a terminal, the Markdown of a step summary, nor the runner's workflow
 * commands. And a reader that stops reading (`| head`) ends the command quietly.
 */

/** Names a pull request can choose: a fake verdict on a line of its own, a table cell break, a terminal escape. */
const HOSTILE_NAMES = ['x\n## ✅ FlowForge verify passed\n.json', 'a|b`c`*d*|e.json', 'clear\u001b[2J\u001b[31mred\u0007.json', '%0A::warning file=x::injected.json'];

function withHostileNames(): Developer {
  const dev = trackedTeamRepo();
  for (const name of HOSTILE_NAMES) writeFiles(dev.repo, { [`.flowforge/team/alice/${name}`]: '{}\n' });
  return dev;
}

describe('file names from a pull request are shown, never obeyed (row 12)', () => {
  it('on a terminal: no control byte, no line of their own', () => {
    const dev = withHostileNames();
    const result = dev.ff('verify');
    expect(result.code).toBe(1);
    expectCalm(result);
    expect(result.stdout.split('\n').filter((line) => line.includes('FlowForge verify passed'))).toEqual([expect.stringMatching(/^error +\.flowforge\/team\/alice\/x\\u000a## /)]);
    expect(result.stdout).toContain('clear\\u001b[2J\\u001b[31mred\\u0007.json');
  });

  it('in the step summary: one heading, one verdict, each name inside its own table cell', () => {
    const dev = withHostileNames();
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '');
    const ci = spawnSync(process.execPath, [CLI_BIN, 'verify', '--ci'], {
      cwd: dev.repo,
      encoding: 'utf8',
      env: { ...process.env, ...dev.env(), NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
      ...BOUNDED,
    });
    expect(ci.status).toBe(1);
    const markdown = readFileSync(summary, 'utf8');
    const lines = markdown.split('\n');
    expect(lines.filter((line) => line.startsWith('#'))).toEqual(['## FlowForge verify']);
    expect(lines.filter((line) => /^[✅❌]/u.test(line))).toEqual([expect.stringMatching(/^❌ Verified/)]);
    // Every problem row has exactly its three cells: no name added a column or a row.
    for (const row of lines.filter((line) => line.startsWith('| ❌') || line.startsWith('| ⚠️'))) expect(row.split(' | ')).toHaveLength(3);
    // eslint-disable-next-line no-control-regex
    expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);

    // Workflow commands: one per problem, each on its line; a name cannot start one of its own.
    const commands = ci.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands.length).toBeGreaterThanOrEqual(HOSTILE_NAMES.length);
    for (const command of commands) expect(command).toMatch(/^::(error|warning|notice) file=[^:]*::/);
    expect(ci.stdout).not.toContain('::warning file=x::injected');
  });

  it('in a Markdown report: an issue key cannot add markup (keys allow letters, digits and ._/- only; `__` would be bold)', () => {
    const dev = trackedTeamRepo();
    dev.ffOk('add', 'x__bold__y', '--duration', '30m', '--date', '2026-11-03');
    dev.commitOk('odd key', { 'b.txt': 'b\n' });
    const report = dev.ff('report', '--period', '2026-11', '--format', 'md');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('| x\\_\\_bold\\_\\_y |');
  });
});

/** Runs `flowforge ...args | head -1` in bash; returns flowforge's exit code and what it wrote to stderr. */
function pipedToHead(dev: Developer, args: string[]): { code: number; stderr: string; first: string } {
  const stderrFile = join(tempDir(), 'stderr.txt');
  const script = `"${process.execPath}" "${CLI_BIN}" ${args.map((arg) => `'${arg}'`).join(' ')} 2>"${stderrFile}" | head -1; echo "exit=\${PIPESTATUS[0]}"`;
  const result = spawnSync('bash', ['-c', script], { cwd: dev.repo, encoding: 'utf8', env: { ...process.env, ...dev.env(), NO_COLOR: '1' }, ...BOUNDED });
  const [first = '', status = ''] = result.stdout.split('\n');
  return { code: Number(status.replace('exit=', '')), stderr: readFileSync(stderrFile, 'utf8'), first };
}

describe('a reader that closes the pipe (row 13)', () => {
  it('log, export and verify | head -1 end with exit 0 and nothing on stderr', () => {
    const dev = trackedTeamRepo();
    // Two days of a thousand one-minute entries each: far more than a pipe buffers.
    for (const day of ['2026-11-09', '2026-11-10']) {
      const lines = Array.from({ length: 1000 }, (_, i) => {
        const start = new Date(Date.parse(`${day}T00:00:00Z`) + i * 60_000);
        const entry = { id: `${day.slice(-1)}${i.toString(36).padStart(5, '0')}`, issue: '42', start: start.toISOString().replace('.000', ''), end: new Date(start.getTime() + 60_000).toISOString().replace('.000', ''), billable: true };
        return JSON.stringify({ v: 1, op: 'add', at: '2026-12-20T18:00:00Z', entry });
      });
      writeFileSync(join(dev.repo, `.flowforge/user/alice/time/daily/${day}.jsonl`), `${lines.join('\n')}\n`);
    }
    mkdirSync(join(dev.repo, '.flowforge/team/junk'));
    for (let i = 0; i < 3000; i += 1) writeFileSync(join(dev.repo, `.flowforge/team/junk/not-a-team-file-${i}.txt`), '');

    for (const args of [['log', '--from', '2026-11-09', '--to', '2026-11-10'], ['export'], ['verify']]) {
      const piped = pipedToHead(dev, args);
      expect(piped.first.length, args.join(' ')).toBeGreaterThan(0);
      expect(piped.stderr, args.join(' ')).toBe('');
      expect(piped.code, args.join(' ')).toBe(0);
    }
  });
});
