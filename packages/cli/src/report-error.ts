import { causeChain, environmentError, flowForgeError, type FlowForgeError, isFlowForgeError, reasonOf } from '@flowforge/core/errors';
import { dim, red } from './output.js';

/**
 * Prints `CODE message` and the hint, and returns the exit code. A stack trace is for developers
 * of FlowForge and its plugins, so it appears only with --debug.
 */
export function reportError(thrown: unknown, debug: boolean): number {
  const error = asFlowForgeError(thrown);
  const err = process.stderr;
  // A catalogued error from a third-party plugin says which plugin and hook raised it.
  const thirdParty = error.plugin !== undefined && error.plugin !== 'flowforge' && !error.plugin.startsWith('@flowforge/');
  const where = thirdParty && error.code !== 'FF_PLUGIN_FAILED' ? ` (plugin ${error.plugin}, ${error.hook})` : '';
  err.write(`${red(error.code, err)} ${error.message}${where}\n${dim('hint:', err)} ${error.hint}\n`);
  if (debug) err.write(`${dim(stacksOf(error.cause instanceof Error ? error.cause : error), err)}\n`);
  return error.exitCode;
}

/** The stack of what was thrown, then of each error it was caused by (`causeChain`). */
function stacksOf(error: Error): string {
  return causeChain(error)
    .map((each, index) => `${index > 0 ? 'Caused by: ' : ''}${each.stack ?? `${each.name}: ${each.message}`}`)
    .join('\n');
}

/** The catalogued error for anything thrown: an environment failure names its path; the rest is a bug. */
export function asFlowForgeError(thrown: unknown): FlowForgeError {
  if (isFlowForgeError(thrown)) return thrown;
  return environmentError(thrown) ?? flowForgeError('FF_INTERNAL', { reason: reasonOf(thrown) }, thrown);
}
