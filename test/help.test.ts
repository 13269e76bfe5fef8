import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { makeTempRepo } from './helpers/repo.js';

/** The items of a section of commander's help (`Options:`, `Arguments:`, …): the lines that start one. */
function sectionItems(help: string, title: string): string[] {
  const start = help.indexOf(`\n${title}:\n`);
  if (start === -1) return [];
  const body = help.slice(start + title.length + 3).split('\n\n')[0] as string;
  // An item starts two spaces in; its description's wrapped lines are indented further.
  return body.split('\n').filter((line) => /^ {2}\S/.test(line));
}

/** Every command `flowforge --help` lists (FlowForge's own and those of first-party plugins). */
function listedCommands(help: string): string[] {
  return sectionItems(help, 'Commands').map((line) => line.trim().split(/\s/)[0] as string).filter((name) => name !== 'help');
}

describe('help', () => {
  // In no repository (the temp repos of a test are removed after it): FlowForge's defaults.
  const main = runCli(['--help'], { cwd: tmpdir() });

  it('lists the commands, FlowForge\'s and those of its first-party plugins', () => {
    expect(main.code).toBe(0);
    expect(listedCommands(main.stdout)).toEqual(expect.arrayContaining(['start', 'status', 'report', 'verify', 'recover', 'erase', 'migrate']));
  });

  it('describes every option and argument of every command, and gives each command examples', () => {
    const repo = makeTempRepo();
    const undescribed: string[] = [];
    const withoutExamples: string[] = [];
    for (const command of listedCommands(main.stdout)) {
      const help = runCli([command, '--help'], { cwd: repo });
      expect(help.code, help.stderr).toBe(0);
      for (const section of ['Options', 'Arguments'])
        for (const item of sectionItems(help.stdout, section)) if (!/^ {2}\S.*? {2,}\S/.test(item)) undescribed.push(`${command}: ${item.trim()}`);
      // Each command line says what it does, beside it or on the line above.
      const examples = sectionItems(help.stdout, 'Examples');
      const described = examples.every((line, index) =>
        line.startsWith('  # ') ? examples[index + 1]?.startsWith('  $ flowforge ') : line.startsWith('  $ flowforge ') && (line.includes(' # ') || examples[index - 1]?.startsWith('  # ')),
      );
      if (!examples.some((line) => line.startsWith('  $ flowforge ')) || !described) withoutExamples.push(command);
    }
    expect(undescribed).toEqual([]);
    expect(withoutExamples).toEqual([]);
  });

  it('describes the options that had no description', () => {
    const repo = makeTempRepo();
    const described = (command: string, flag: string, words: string) => {
      const item = sectionItems(runCli([command, '--help'], { cwd: repo }).stdout, 'Options').find((line) => line.trim().startsWith(flag));
      expect(item, `${command} ${flag}`).toContain(words);
    };
    described('add', '--from <time>', 'when it began');
    described('add', '--non-billable', 'bill none of it');
    described('report', '--out <file>', 'write the report to this file');
    described('log', '--to <day>', 'last local day');
    described('export', '--out <file>', 'write it to this file');
    described('erase', '--user <id>', 'the user id whose data goes');
    described('migrate', '--dry-run', 'write nothing');
  });

  it('lists every environment variable FlowForge reads, with what it does', () => {
    const environment = sectionItems(main.stdout, 'Environment variables').join('\n');
    const read = environmentVariablesRead();
    expect(read).toEqual(expect.arrayContaining(['FLOWFORGE_USER', 'FLOWFORGE_NOW', 'FLOWFORGE_HOME', 'TZ', 'NO_COLOR', 'GITHUB_TOKEN', 'NOTION_TOKEN']));
    for (const name of read) expect(environment, name).toMatch(new RegExp(`^ {2}(\\S+, )*${name}\\b.* {2,}\\S`, 'm'));
  });

  it('gives examples in the program\'s own help too', () => {
    expect(sectionItems(main.stdout, 'Examples')).toContain(sectionItems(main.stdout, 'Examples').find((line) => line.includes('$ flowforge start 42')));
  });
});

/**
 * The variables the source reads: `env.NAME` (and `process.env.NAME`), a quoted `'FLOWFORGE_…'`
 * name looked up in a table, a provider token's `variable: 'NAME'`, and `'NO_COLOR' in env`;
 * comments left out (they show configs that read variables of their own).
 */
function environmentVariablesRead(): string[] {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const sources = ['packages', 'plugins'].flatMap((top) =>
    readdirSync(join(root, top)).flatMap((name) => {
      const src = join(root, top, name, 'src');
      return readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).map((file) => join(src, file));
    }),
  );
  const names = new Set<string>();
  for (const file of sources) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const match of code.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|'(FLOWFORGE_[A-Z0-9_]+)'|variable: '([A-Z][A-Z0-9_]+)'|'([A-Z][A-Z0-9_]+)' in process\.env/g))
      names.add((match[1] ?? match[2] ?? match[3] ?? match[4]) as string);
  }
  return [...names].sort();
}
