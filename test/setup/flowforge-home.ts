import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test — and every CLI, hook and daemon it starts — keeps backups in one temporary
 * FLOWFORGE_HOME, never in the real user's data folder, and Node's compile cache (Node ≥ 22.1)
 * in a temporary folder, never in the user's. Tests that need their own set them.
 */
export default function setup(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'flowforge-test-home-'));
  const compileCache = mkdtempSync(join(tmpdir(), 'flowforge-test-compile-cache-'));
  process.env.FLOWFORGE_HOME = home;
  process.env.NODE_COMPILE_CACHE = compileCache;
  return () => {
    rmSync(home, { recursive: true, force: true });
    rmSync(compileCache, { recursive: true, force: true });
  };
}
