import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { teamRepo, tempDir } from '../helpers/team.js';

it('imports no code a convergence record names: only the repo’s own config file is evaluated again by the hook', () => {
  const dev = teamRepo({ files: { 'flowforge.config.mjs': "export default { team: { timezone: 'UTC' } };\n" } });
  dev.ffOk('add', '42', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00');
  dev.commitOk('work', { 'a.txt': 'a\n' });

  // The record is a file in the work tree: someone rewrites it to name code of their own.
  const outside = tempDir('flowforge-outside-');
  const witness = join(outside, 'ran.txt');
  const evil = join(outside, 'evil.mjs');
  writeFileSync(evil, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(witness)}, 'ran');\nexport default { team: { timezone: 'UTC' } };\n`);
  const recordPath = join(dev.repo, '.flowforge', 'daemon', 'converged', 'alice.json');
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as { evaluated: { file: string; json: string | null } | null };
  expect(record.evaluated?.file).toBe(join(dev.repo, 'flowforge.config.mjs'));
  writeFileSync(recordPath, JSON.stringify({ ...record, evaluated: { ...record.evaluated, file: evil } }));

  dev.commitOk('nothing new', { 'b.txt': 'b\n' });
  expect(existsSync(witness)).toBe(false);
  // The commit went through the full run instead, and the record names the repo's config again.
  expect((JSON.parse(readFileSync(recordPath, 'utf8')) as typeof record).evaluated?.file).toBe(join(dev.repo, 'flowforge.config.mjs'));
});
