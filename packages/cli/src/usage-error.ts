import type { Command, CommanderError } from 'commander';
import { didYouMean, flowForgeError, type FlowForgeError } from '@flowforge/core/lite';

/**
 * A mistake on the command line, as `FF_USAGE`: commander's message, and for an unknown command or
 * option the one the user most likely meant (`didYouMean`). Commander's own suggestion is turned
 * off (`showSuggestionAfterError(false)`): it ranks by edit distance alone, so `stat` got `start`.
 */
export function usageError(thrown: CommanderError, program: Command, words: readonly string[]): FlowForgeError {
  const message = thrown.message.replace(/^error: /, '');
  const command = program.commands.find((known) => words.includes(known.name()));
  const suggestion = suggestionFor(thrown, program, command);
  return flowForgeError('FF_USAGE', { message, ...(command ? { command: command.name() } : {}), ...(suggestion ? { suggestion } : {}) });
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
