import { existsSync, readdirSync } from 'node:fs';

/**
 * The names in `dir`, none when it does not exist. Synchronous, for the reason given in
 * create-file.ts, and checked first: a failed read costs an error with its stack.
 */
export function namesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
