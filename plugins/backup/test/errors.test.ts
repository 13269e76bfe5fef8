import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { backupErrors } from '../src/errors.js';

const section = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').split('### @flowforge/plugin-backup')[1]?.split('\n### ')[0] ?? '';

it.each(Object.entries(backupErrors.catalogue))('documents %s with its exit code in its section of docs/errors.md', (code, definition) => {
  expect(section).toMatch(new RegExp(`\\| \`${code}\` \\| ${definition.exitCode} \\|`));
});

it('documents no code in its section that the plugin lacks', () => {
  const codes = [...section.matchAll(/\| `(FF_[A-Z0-9_]+)` \|/g)].map((match) => match[1]);
  expect(codes.sort()).toEqual(Object.keys(backupErrors.catalogue).sort());
});

it('makes errors that print as catalogued ones, with their code, hint and exit code', () => {
  const error = backupErrors.create('FF_ERASE_UNCONFIRMED', { user: 'bob' });
  expect(error).toMatchObject({ name: 'FlowForgeError', code: 'FF_ERASE_UNCONFIRMED', exitCode: 2, message: "Erasing bob's data cannot be undone; nothing was removed." });
  expect(error.hint).toMatch(/--yes/);
});
