import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, flowForgeError, isFlowForgeError } from '../src/errors.js';

// Core's own table: plugins document theirs below it, under "Errors of the first-party plugins".
const documented = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').split('\n## Errors of the first-party plugins')[0] as string;

describe('the error catalogue', () => {
  it.each(Object.entries(errorCatalogue))('documents %s with its exit code in docs/errors.md', (code, definition) => {
    expect(documented).toMatch(new RegExp(`\\| \`${code}\` \\| ${definition.exitCode} \\|`));
  });

  it('lists no code in the docs that the catalogue lacks', () => {
    const codes = [...documented.matchAll(/\| `(FF_[A-Z0-9_]+)` \|/g)].map((match) => match[1]);
    expect(codes.sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it('builds errors with code, message, hint, exit code and cause', () => {
    const cause = new Error('EACCES');
    const error = flowForgeError('FF_STORE_LOCKED', { lock: '.flowforge/user/alice/.lock', holder: 'pid 7 on laptop' }, cause);
    expect(error).toMatchObject({ code: 'FF_STORE_LOCKED', exitCode: 1, cause });
    expect(error.message).toBe('Another FlowForge process (pid 7 on laptop) holds .flowforge/user/alice/.lock.');
    expect(error.hint).toMatch(/try again/);
    expect(isFlowForgeError(error)).toBe(true);
    expect(isFlowForgeError(new Error('plain'))).toBe(false);
  });
});
