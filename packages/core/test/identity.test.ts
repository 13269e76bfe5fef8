import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isFlowForgeError } from '../src/errors.js';
import { readableSlug, resolveUserId, userIdOfEmail } from '../src/identity.js';
import { isValidUserId } from '../src/model/user-id.js';

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repoWithEmail(email: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowforge-identity-'));
  repos.push(dir);
  execFileSync('git', ['init', '--quiet', dir], { timeout: 40_000, killSignal: 'SIGKILL' });
  execFileSync('git', ['config', 'user.email', email], { cwd: dir, timeout: 40_000, killSignal: 'SIGKILL' });
  return dir;
}

const noUserEnv = { PATH: process.env.PATH, HOME: process.env.HOME } as NodeJS.ProcessEnv;

describe('user ids from e-mails', () => {
  it('keeps plain addresses readable and as they were: the first hyphen is the @', () => {
    expect(userIdOfEmail('alice@example.com')).toBe('alice-example.com');
    expect(userIdOfEmail('Alice.Smith@Example.COM')).toBe('alice.smith-example.com');
    expect(userIdOfEmail('bob_2@mail.my-company.de')).toBe('bob_2-mail.my-company.de');
  });

  it('gives addresses that used to meet ids of their own', () => {
    const pairs = [
      ['jörg@firma.de', 'jürg@firma.de'],
      ['a+b@example.com', 'a-b@example.com'],
      ['a-b@x.com', 'a@b-x.com'],
      [`${'x'.repeat(70)}1@example.com`, `${'x'.repeat(70)}2@example.com`],
    ];
    for (const [one = '', other = ''] of pairs) {
      // The readable slug alone is what collided.
      expect(readableSlug(one)).toBe(readableSlug(other));
      expect(userIdOfEmail(one)).not.toBe(userIdOfEmail(other));
      for (const email of [one, other]) expect(isValidUserId(userIdOfEmail(email)), email).toBe(true);
    }
    expect(userIdOfEmail('jörg@firma.de')).toMatch(/^j-rg-firma\.de-[0-9a-f]{10}$/);
  });

  it('maps distinct addresses to distinct valid ids, case aside', () => {
    const part = fc.stringMatching(/^[a-zA-Z0-9.+_ö-]{1,30}$/);
    const email = fc.tuple(part, part, fc.constantFrom('de', 'com', 'io')).map(([local, host, tld]) => `${local}@${host}.${tld}`);
    fc.assert(
      fc.property(fc.uniqueArray(email, { minLength: 2, maxLength: 40, selector: (address) => address.toLowerCase() }), (emails) => {
        const ids = emails.map(userIdOfEmail);
        for (const id of ids) expect(isValidUserId(id)).toBe(true);
        expect(new Set(ids).size).toBe(emails.length);
      }),
    );
  });
});

describe('resolveUserId', () => {
  it('uses the id made from git user.email when nothing else is set', () => {
    expect(resolveUserId(repoWithEmail('jörg@firma.de'), noUserEnv)).toBe(userIdOfEmail('jörg@firma.de'));
  });

  it('refuses with exit 2 when the private data is under the id the e-mail had before', () => {
    const repo = repoWithEmail('jörg@firma.de');
    mkdirSync(join(repo, '.flowforge', 'user', 'j-rg-firma.de'), { recursive: true });
    let thrown: unknown;
    try {
      resolveUserId(repo, noUserEnv);
    } catch (error) {
      thrown = error;
    }
    expect(isFlowForgeError(thrown) && thrown.code).toBe('FF_USER_ID_CHANGED');
    expect(isFlowForgeError(thrown) && thrown.exitCode).toBe(2);
    expect(isFlowForgeError(thrown) && thrown.hint).toContain('git config flowforge.user j-rg-firma.de');
    // Once chosen in git config, that id holds.
    execFileSync('git', ['config', 'flowforge.user', 'j-rg-firma.de'], { cwd: repo, timeout: 40_000, killSignal: 'SIGKILL' });
    expect(resolveUserId(repo, noUserEnv)).toBe('j-rg-firma.de');
  });
});
