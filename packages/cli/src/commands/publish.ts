import { flowForgeError, type ProviderChange } from '@flowforge/core/internal';
import { bootForCommand } from '../boot.js';
import type { CommandAction } from '../main.js';
import { columns, dim, printLine } from '../output.js';
import { asFlowForgeError } from '../report-error.js';

/**
 * `flowforge publish [--provider NAME] [--dry-run]`: the `publish` stage. The kernel reads the
 * team layer once and drives each provider (token, plan, apply unless dry run), so one provider's
 * failure (a refused token, an API down) never stops the others: every failure is gathered and
 * reported at the end, after every change that was made is printed. The pre-commit hook never
 * publishes (no network there).
 */
const publish: CommandAction = async (_args, options, session) => {
  const { repoRoot } = session;
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: session.cwd });
  const { kernel, loaded } = await bootForCommand(session, { readOnly: Boolean(options.dryRun) });
  const dryRun = Boolean(options.dryRun);
  const outcome = await kernel.publish({
    repoRoot,
    config: loaded.config,
    dryRun,
    only: typeof options.provider === 'string' ? options.provider : null,
    onProvider: (name) => {
      if (process.stderr.isTTY) process.stderr.write(dim(`${dryRun ? 'Planning' : 'Publishing'} to ${name}…\n`, process.stderr));
    },
  });
  printChanges(outcome.changes, dryRun);
  const failures = outcome.failures.map(({ provider, error }) => ({ provider, error: asFlowForgeError(error) }));
  const succeeded = outcome.providers.filter((name) => !failures.some((failure) => failure.provider === name));
  const line = summary(outcome.changes, dryRun, succeeded, outcome.providers.length);
  if (line !== null) printLine(line);
  const distinct = failures.filter(
    ({ error }, i) => failures.findIndex((other) => other.error.code === error.code && other.error.message === error.message) === i,
  );
  // One failure (or the same one for every provider, such as a damaged team file) keeps its own
  // code, exit code and hint; several are listed together.
  if (distinct.length === 1) throw distinct[0]!.error;
  if (distinct.length > 1) {
    throw flowForgeError('FF_PUBLISH_FAILED', {
      failures: distinct.map(({ provider, error }) => ({ provider, code: error.code, message: error.message })),
      othersPublished: succeeded.length > 0,
    });
  }
  return 0;
};

function printChanges(changes: readonly ProviderChange[], dryRun: boolean): void {
  const planned = (action: ProviderChange['action']) => (dryRun && (action === 'create' || action === 'update') ? `would ${action}` : action);
  for (const line of columns(changes.map((change) => [change.provider, change.issue, planned(change.action), change.detail]))) printLine(`  ${line}`);
}

/**
 * One line for what happened: the changes listed above, and which providers got through. When
 * every provider failed, only the dry run's promise that nothing was written is left to say.
 */
function summary(changes: readonly ProviderChange[], dryRun: boolean, succeeded: readonly string[], ran: number): string | null {
  const count = (action: ProviderChange['action']) => changes.filter((change) => change.action === action).length;
  const rest = `${count('unchanged')} unchanged, ${count('skipped')} skipped`;
  const providers = succeeded.length === ran ? `${ran} provider(s)` : `${succeeded.length} of ${ran} provider(s) (${succeeded.join(', ')})`;
  if (dryRun) return succeeded.length === 0 ? 'Dry run, nothing was written.' : `Dry run, nothing was written: ${providers} would create ${count('create')} and update ${count('update')}; ${rest}.`;
  return succeeded.length === 0 ? null : `Published with ${providers}: ${count('create')} created, ${count('update')} updated, ${rest}.`;
}

export default publish;
