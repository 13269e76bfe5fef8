import type { FlowForgeError } from '@flowforge/core/lite';
import type { Session } from './main.js';
import { dim, red, yellow } from './output.js';
import { configProblem, type TrackingContext } from './tracking-context.js';

/**
 * A broken team config, as a warning on stderr for a command that went on despite it: what
 * happens because of it (`consequence`), then the error as any command prints it — its code, the
 * message naming the config file and the plugin entry or option, and the hint that fixes it.
 */
export function printConfigWarning(problem: FlowForgeError, consequence: string): void {
  const err = process.stderr;
  err.write(`${yellow(`! ${consequence}`, err)}\n${red(problem.code, err)} ${problem.message}\n${dim('hint:', err)} ${problem.hint}\n`);
}

/**
 * After a command recorded time with the config it had: if the pre-commit hook would refuse that
 * config, the developer hears it now rather than at their next commit.
 */
export async function warnIfConfigBroken(context: TrackingContext, session: Session): Promise<void> {
  const problem = await configProblem(context, session);
  if (problem) printConfigWarning(problem, `Your time is recorded, but the team config is broken: the pre-commit hook will fail until it is fixed${context.configError ? ' (its defaults were used here)' : ''}.`);
}
