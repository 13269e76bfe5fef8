import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/**
 * A `.gitignore` holding `*` in `dir`: even before `flowforge init` writes the repo's ignore
 * lines, or if someone deletes them, `git add -A` cannot commit what lives there.
 */
export async function ignoreEverythingIn(dir: string): Promise<void> {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) await writeFileAtomic(file, '# FlowForge: this folder never leaves this machine.\n*\n', { mode: 0o644 });
}
