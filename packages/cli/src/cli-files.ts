import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// This module sits at the top of `dist/` (tsc) and of `bundle/` (the bundler): both are beside
// `bin/` and `package.json`, so these paths hold from either.

/** This package's `bin/flowforge.cjs`: the daemon and its passes run this same CLI. */
export const CLI_BIN = fileURLToPath(new URL('../bin/flowforge.cjs', import.meta.url));

/** This package's `package.json`, for `--version`. */
const CLI_PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** This CLI's version, which its first-party plugins share. */
export const CLI_VERSION = (JSON.parse(readFileSync(CLI_PACKAGE_JSON, 'utf8')) as { version: string }).version;
