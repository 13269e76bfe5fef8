import { COMMAND_HOOKS, LIFECYCLE } from '@flowforge/core/internal';
import { bootForCommand } from '../boot.js';
import type { CommandAction } from '../main.js';
import { bold, columns, dim, printJson, printLine } from '../output.js';

/** `flowforge plugins [--json]`: every hook (tapped or not), lifecycle first, and every loaded plugin with its taps and commands. */
const listPlugins: CommandAction = async (_args, options, session) => {
  const { kernel } = await bootForCommand(session);
  const hooks = [...LIFECYCLE, ...COMMAND_HOOKS].map((name) => ({
    name,
    // Providers are objects the kernel drives, not taps of a tapable hook.
    class: name === 'publish' ? 'providers' : kernel.hooks[name].constructor.name,
    taps: kernel.taps.filter((tap) => tap.hook === name).map(({ plugin, stage }) => ({ plugin, stage })),
  }));
  const commandsOf = (plugin: string) => kernel.commands.filter((command) => command.plugin === plugin).map(({ command }) => command.name);
  const plugins = kernel.plugins.map(({ name, source, taps }) => ({ name, ...source, taps: [...new Set(taps)], commands: commandsOf(name) }));
  if (options.json) {
    printJson({ schema: 'flowforge.plugins/1', hooks, plugins });
    return;
  }
  printLine(bold('Lifecycle hooks'));
  for (const line of columns(hooks.map((hook) => [hook.name, hook.class, hook.taps.map((tap) => tap.plugin).join(', ') || '(no taps)'])))
    printLine(`  ${line}`);
  printLine();
  printLine(bold('Plugins'));
  if (plugins.length === 0) printLine(dim('  (none)'));
  for (const line of columns(
    plugins.map((plugin) => [
      plugin.name,
      [...plugin.taps, ...plugin.commands.map((name) => `command ${name}`)].join(', ') || '(no taps)',
      `${plugin.entry} ${plugin.bundled ? '(bundled with the CLI) ' : ''}${plugin.from}`,
    ]),
  ))
    printLine(`  ${line}`);
};

export default listPlugins;
