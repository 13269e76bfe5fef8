import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { migrateErrors } from '../src/errors.js';

const section = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').split('### @flowforge/plugin-migrate-v1')[1]?.split('\n### ')[0] ?? '';

it.each(Object.entries(migrateErrors.catalogue))('documents %s with its exit code in its section of docs/errors.md', (code, definition) => {
  expect(section).toMatch(new RegExp(`\\| \`${code}\` \\| ${definition.exitCode} \\|`));
});

it('documents no code in its section that the plugin lacks', () => {
  const codes = [...section.matchAll(/\| `(FF_[A-Z0-9_]+)` \|/g)].map((match) => match[1]);
  expect(codes.sort()).toEqual(Object.keys(migrateErrors.catalogue).sort());
});

it('makes errors that print as catalogued ones, with their code, hint and exit code', () => {
  const error = migrateErrors.create('FF_V1_FILE_INVALID', { file: '.task-times.json', reason: 'Unexpected token <' });
  expect(error).toMatchObject({ name: 'FlowForgeError', code: 'FF_V1_FILE_INVALID', exitCode: 2, message: '.task-times.json is not readable as v1 time data: Unexpected token <' });
  expect(error.hint).toMatch(/merge conflict markers/);
});
