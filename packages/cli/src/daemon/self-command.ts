import { resolve } from 'node:path';
import { CLI_BIN } from '../cli-files.js';
import type { GlobalOptions } from '../main.js';

/**
 * The command line that runs this same `flowforge`, with the same Node and the same global
 * options (`--config` made absolute, since the child runs at the top of the repo): the daemon
 * and each of its passes are this CLI again.
 */
export function selfCommand(globals: GlobalOptions, ...args: string[]): { file: string; args: string[] } {
  const global = [...(globals.config ? ['--config', resolve(globals.config)] : []), ...(globals.debug ? ['--debug'] : [])];
  return { file: process.execPath, args: [CLI_BIN, ...global, ...args] };
}
