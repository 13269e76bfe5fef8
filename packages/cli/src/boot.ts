import { bootKernel, type Booted, type LogRecord } from '@flowforge/core/internal';
import { FIRST_PARTY_PLUGINS, PURE_OPTIONS } from './first-party-plugins.js';
import type { GlobalOptions, Session } from './main.js';
import { dim, yellow } from './output.js';

/** Plugin log lines go to stderr, each with its plugin's name; debug lines only with --debug. */
function stderrSink(debug: boolean) {
  return ({ level, scope, message }: LogRecord) => {
    if (level === 'debug' && !debug) return;
    const err = process.stderr;
    const tag = level === 'warn' || level === 'error' ? yellow(`[${scope}] ${level}:`, err) : dim(`[${scope}]`, err);
    err.write(`${tag} ${message}\n`);
  };
}

/**
 * Loads the config and the plugins for a command, first-party plugins falling back to ours.
 * `readOnly` (a dry run) writes not even the caches of the config and plugin options.
 */
export function bootForCommand(globals: GlobalOptions | Session, { readOnly = false }: { readOnly?: boolean } = {}): Promise<Booted> {
  return bootKernel({
    readOnly,
    // A command's session knows where it runs; other callers (the daemon's pass) look it up.
    ...('repoRoot' in globals ? { cwd: globals.cwd, repoRoot: globals.repoRoot } : { cwd: process.cwd() }),
    ...(globals.config ? { configPath: globals.config } : {}),
    logSink: stderrSink(Boolean(globals.debug)),
    bundledFrom: import.meta.url,
    preloaded: FIRST_PARTY_PLUGINS,
    pureOptions: PURE_OPTIONS,
  });
}
