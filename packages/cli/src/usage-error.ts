import type { Command, CommanderError } from 'commander';
import { didYouMean, flowForgeError, type FlowForgeError } from '@flowforge/core/internal';

/**
 * A mistake on the command line, as `FF_USAGE`: commander's message, and for an unknown command or
 * option the one the user most likely meant (`didYouMean`). Commander's own suggestion is turned
 * off (`showSuggestionAfterError(false)`): it ranks by edit distance alone, so `stat` got `start`.
 */
export function usageError(thrown: CommanderError, program: Command, words: readonly string[]): FlowForgeError {
  const message = thrown.message.replace(/^error: /, '');
  // The first word that names a command is the one typed (a later one may be an argument: `add 42 --note start`).
  const command = words.map((word) => program.commands.find((known) => known.name() === word)).find((known) => known !== undefined);
  const suggestion = suggestionFor(thrown, program, command);
  return flowForgeError('FF_USAGE', { message, ...(command ? { command: command.name() } : {}), ...(suggestion ? { suggestion } : {}) });
}

/**
 * `FF_USAGE` for a word that is no command when it looks like a slip for one of FlowForge's own
 * (`stat`): said even when the config, which a plugin's command would need, does not load.
 */
export function slipOfOwnCommand(program: Command, typed: string): FlowForgeError | undefined {
  const meant = didYouMean(typed, program.commands.map((known) => known.name()));
  return meant === undefined ? undefined : flowForgeError('FF_USAGE', { message: `unknown command '${typed}'`, suggestion: `flowforge ${meant}` });
}

function suggestionFor(thrown: CommanderError, program: Command, command: Command | undefined): string | undefined {
  if (thrown.code === 'commander.unknownCommand') {
    const typed = /unknown command '(.*)'/.exec(thrown.message)?.[1];
    const names = program.commands.map((known) => known.name());
    const meant = typed === undefined ? undefined : didYouMean(typed, names);
    return meant && `flowforge ${meant}`;
  }
  if (thrown.code === 'commander.unknownOption') {
    const typed = /unknown option '([^'=]*)/.exec(thrown.message)?.[1];
    const flags = [command, program].flatMap((owner) => (owner ? owner.options.map((option) => option.long).filter((long) => long !== undefined) : []));
    const meant = typed?.startsWith('--') ? didYouMean(typed, flags) : undefined;
    return meant && `flowforge ${command ? `${command.name()} ` : ''}${meant}`;
  }
  return undefined;
}
