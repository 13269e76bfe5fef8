import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test — and every CLI, hook and daemon it starts — keeps backups in one temporary
 * FLOWFORGE_HOME, never in the real user's data folder. Tests that need their own set it.
 */
export default function setup(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'flowforge-test-home-'));
  process.env.FLOWFORGE_HOME = home;
  return () => rmSync(home, { recursive: true, force: true });
}
