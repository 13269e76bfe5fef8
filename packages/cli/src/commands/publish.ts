import {
  CORE_PLUGIN_NAME,
  findRepoRoot,
  type FlowForgeError,
  flowForgeError,
  type Kernel,
  type ProviderChange,
  providerShortName,
} from '@flowforge/core';
import { bootForCommand } from '../boot.js';
import type { CommandAction } from '../main.js';
import { columns, dim, printLine } from '../output.js';
import { asFlowForgeError } from '../report-error.js';

/**
 * `flowforge publish [--provider NAME] [--dry-run]`: pushes the team layer's totals to the
 * providers (the plugins that tap `publish`). Each provider gets a run of its own, with
 * `context.provider` set to its name, so one provider's failure (a refused token, an API down)
 * never stops the others: every failure is gathered and reported at the end, after every change
 * that was made is printed. The pre-commit hook never publishes (no network there): it runs the
 * `pre-commit` trigger, on which providers do nothing.
 */
const publish: CommandAction = async (_args, options, globals) => {
  const repoRoot = findRepoRoot(process.cwd());
  if (!repoRoot) throw flowForgeError('FF_NOT_A_REPO', { cwd: process.cwd() });
  const { kernel, loaded } = await bootForCommand(globals, { readOnly: Boolean(options.dryRun) });
  const asked = typeof options.provider === 'string' ? options.provider : null;
  const dryRun = Boolean(options.dryRun);
  const configured = providersOf(kernel);
  const chosen = asked === null ? configured : configured.filter((name) => name === asked || providerShortName(name) === asked);
  if (chosen.length === 0) throw flowForgeError('FF_PROVIDER_NOT_CONFIGURED', { asked, configured: configured.map(providerShortName) });

  const changes: ProviderChange[] = [];
  const failures: { provider: string; error: FlowForgeError }[] = [];
  for (const provider of chosen) {
    if (process.stderr.isTTY) process.stderr.write(dim(`${dryRun ? 'Planning' : 'Publishing'} to ${provider}…\n`, process.stderr));
    try {
      const { results } = await kernel.run({
        trigger: 'publish',
        repoRoot,
        user: null,
        zone: 'UTC',
        config: loaded.config,
        logger: kernel.loggerFor('publish'),
        all: false,
        dryRun,
        provider,
      });
      printChanges(results.providerChanges, dryRun);
      changes.push(...results.providerChanges);
    } catch (thrown) {
      failures.push({ provider, error: asFlowForgeError(thrown) });
    }
  }

  printLine(summary(changes, dryRun, chosen.length - failures.length));
  const distinct = failures.filter(
    ({ error }, i) => failures.findIndex((other) => other.error.code === error.code && other.error.message === error.message) === i,
  );
  // One failure (or the same one for every provider, such as a damaged team file) keeps its own
  // code, exit code and hint; several are listed together.
  if (distinct.length === 1) throw distinct[0]!.error;
  if (distinct.length > 1) {
    throw flowForgeError('FF_PUBLISH_FAILED', {
      failures: distinct.map(({ provider, error }) => ({ provider, code: error.code, message: error.message })),
    });
  }
  return 0;
};

/** Plugins that tap `publish`, in config order; core's own tap there writes the team layer, not a provider. */
function providersOf(kernel: Kernel): string[] {
  return kernel.plugins.filter((plugin) => plugin.name !== CORE_PLUGIN_NAME && plugin.taps.includes('publish')).map((plugin) => plugin.name);
}


function printChanges(changes: readonly ProviderChange[], dryRun: boolean): void {
  const planned = (action: ProviderChange['action']) => (dryRun && (action === 'create' || action === 'update') ? `would ${action}` : action);
  for (const line of columns(changes.map((change) => [change.provider, change.issue, planned(change.action), change.detail]))) printLine(`  ${line}`);
}

function summary(changes: readonly ProviderChange[], dryRun: boolean, succeeded: number): string {
  const count = (action: ProviderChange['action']) => changes.filter((change) => change.action === action).length;
  const rest = `${count('unchanged')} unchanged, ${count('skipped')} skipped`;
  if (dryRun) return `Dry run, nothing was written: ${succeeded} provider(s) would create ${count('create')} and update ${count('update')}; ${rest}.`;
  return `Published with ${succeeded} provider(s): ${count('create')} created, ${count('update')} updated, ${rest}.`;
}

export default publish;
