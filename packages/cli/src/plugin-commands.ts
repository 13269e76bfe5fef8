import type { Command } from 'commander';
import { attributed, commandCapabilities, findRepoRoot, flowForgeError, guardRepo, usePlugin } from '@flowforge/core/internal';
import { bootForCommand } from './boot.js';
import { FIRST_PARTY_COMMANDS, FIRST_PARTY_PLUGINS } from './first-party-plugins.js';
import { examplesSection } from './help-text.js';
import type { GlobalOptions } from './main.js';
import { printLine } from './output.js';

/**
 * Adds the commands the configured plugins contribute (`kernel.addCommand`) to the program, after
 * FlowForge's own, and those of first-party plugins the config does not list: the one `asked`
 * for, or all of them for the list of commands (`asked` undefined). A plugin command named like
 * one of FlowForge's is refused.
 */
export async function addPluginCommands(program: Command, globals: GlobalOptions, asked: string | undefined): Promise<void> {
  const cwd = process.cwd();
  const repoRoot = findRepoRoot(cwd);
  // The config is code: a hostile repository is refused before it runs, as for every command.
  if (repoRoot) guardRepo(repoRoot);
  const { kernel, loaded } = await bootForCommand({ ...globals, cwd, repoRoot }, { readOnly: true });
  for (const [name, { plugin, options }] of FIRST_PARTY_COMMANDS) {
    const wanted = asked === undefined || asked === name;
    if (!wanted || kernel.commands.some(({ command }) => command.name === name) || kernel.plugins.some((loadedOne) => loadedOne.name === plugin)) continue;
    await usePlugin(kernel, plugin, options, loaded, { cwd, repoRoot, bundledFrom: import.meta.url, preloaded: FIRST_PARTY_PLUGINS, entry: `flowforge ${name}`, loadedFor: name, readOnly: true });
  }
  for (const { plugin, command } of kernel.commands) {
    if (program.commands.some((known) => known.name() === command.name)) {
      const taken = flowForgeError('FF_COMMAND_TAKEN', { plugin, command: command.name, by: 'flowforge' });
      // Listing the commands, the others still show; a command typed is refused with the reason.
      if (asked !== undefined) throw taken;
      process.stderr.write(`${taken.code} ${taken.message}\n`);
      continue;
    }
    const added = program.command(command.name).description(`${command.summary} (from ${plugin})`);
    for (const argument of command.arguments ?? []) added.argument(argument.required === false ? `[${argument.name}]` : `<${argument.name}>`, argument.description);
    for (const option of command.options ?? []) {
      if (option.required) added.requiredOption(option.flags, option.description);
      else added.option(option.flags, option.description);
    }
    if (command.examples?.length) added.addHelpText('after', examplesSection(command.examples));
    added.action(async (...received: unknown[]) => {
      const typed = received.at(-1) as Command;
      const context = {
        args: typed.args,
        options: typed.opts(),
        cwd,
        repoRoot,
        config: loaded.config,
        configDir: loaded.dir,
        logger: kernel.loggerFor(plugin),
        kernel,
        print: printLine,
        ...commandCapabilities(cwd, repoRoot),
      };
      try {
        process.exitCode = (await command.run(context)) ?? 0;
      } catch (thrown) {
        throw attributed(thrown, plugin, `command ${command.name}`);
      }
    });
  }
}
