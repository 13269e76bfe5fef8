import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from '../helpers/cli.js';
import { writeFiles } from '../helpers/repo.js';
import { type Developer, tempDir, teamRepo } from '../helpers/team.js';

/**
 * Helpers for the hostile-repository tests: a teammate (or a bad merge) committed something under
 * `.flowforge/`, and a developer then runs FlowForge in their clone.
 */

/** A secret outside the repository that a hostile link points at; its text must never be printed or committed. */
export const SECRET = 'BEGIN-PRIVATE-KEY-do-not-leak-4242';

/**
 * A folder outside the repository holding a secret file and a sub-folder: what a committed link
 * could lead FlowForge to read, overwrite or empty. `unchanged()` asserts nothing in it changed.
 */
export function outsideWitness(): { dir: string; secret: string; unchanged: () => void } {
  const dir = tempDir('flowforge-outside-');
  writeFiles(dir, { 'id_rsa': `${SECRET}\n`, 'notes/keep.txt': 'keep me\n' });
  const before = treeOf(dir);
  return { dir, secret: join(dir, 'id_rsa'), unchanged: () => expect(treeOf(dir)).toEqual(before) };
}

/** Every path under `dir` with its kind and bytes (or link target) and modification time. */
function treeOf(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative))) {
      const path = relative ? `${relative}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) {
        tree[path] = `dir ${stat.mtimeMs}`;
        walk(path);
      } else if (stat.isSymbolicLink()) tree[path] = `link ${readlinkSync(join(dir, path))}`;
      else tree[path] = `file ${stat.mtimeMs} ${readFileSync(join(dir, path), 'utf8')}`;
    }
  };
  walk('');
  return tree;
}

/** A team repo where alice tracked and committed time, as the tests of each row start from. */
export function trackedTeamRepo(): Developer {
  const dev = teamRepo();
  dev.ffOk('add', '42', '--duration', '1h', '--date', '2026-11-02', '--note', 'pairing with Bob');
  dev.commitOk('work', { 'src/a.txt': 'a\n' });
  return dev;
}

/** Every path git tracks under `.flowforge/user/` or `.flowforge/daemon/` at HEAD. */
export function privateCommitted(dev: Developer): string[] {
  return dev.git('ls-tree', '-r', '--name-only', 'HEAD', '--', '.flowforge/user', '.flowforge/daemon').split('\n').filter(Boolean);
}

/** Every blob of every commit of the repository, concatenated: where a leaked secret would be. */
export function everyCommittedByte(dev: Developer): string {
  const objects = dev.git('rev-list', '--objects', '--all').split('\n').map((line) => line.split(' ')[0] as string);
  return objects.map((object) => (dev.git('cat-file', '-t', object) === 'blob' ? dev.git('cat-file', 'blob', object) : '')).join('\n');
}

/**
 * A user mistake or a refusal, as FlowForge reports one: the code and a hint, the exit code, no
 * stack trace, never `FF_INTERNAL`, and nothing of the secret.
 */
export function refused(result: CliResult, code: string, exit: number, naming?: string): void {
  const output = result.stdout + result.stderr;
  expect(result.stderr, output).toContain(code);
  expect(result.stderr).toContain('hint:');
  if (naming !== undefined) expect(result.stderr).toContain(naming);
  expect(result.code, output).toBe(exit);
  expectCalm(result);
}

/** Whatever it exits with: no stack trace, no internal error, no secret, no raw control byte. */
export function expectCalm(result: CliResult): void {
  const output = result.stdout + result.stderr;
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(output).not.toContain('FF_INTERNAL');
  expect(output).not.toContain(SECRET);
  // eslint-disable-next-line no-control-regex
  expect(output).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
}
