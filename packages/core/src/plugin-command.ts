import type { PrivateLog } from './capabilities/private-log.js';
import type { TeamLayerReader } from './capabilities/team-layer.js';
import type { FlowForgeConfig } from './config/schema.js';
import type { PluginKernel } from './kernel.js';
import type { Logger } from './logger.js';

/** A positional argument of a plugin's command, as `--help` shows it. */
export interface CommandArgument {
  /** e.g. `target`; shown as `<target>`, or `[target]` when optional. */
  name: string;
  description: string;
  /** Default true. */
  required?: boolean;
}

/** An option of a plugin's command, in commander's notation. */
export interface CommandOption {
  /** e.g. `--dry-run`, `-y, --yes`, `--file <path>`. */
  flags: string;
  description: string;
  /** The command refuses to run without it (exit 2, like any usage error); default false. */
  required?: boolean;
}

/** A command line shown under `Examples:` in the command's `--help`. */
export interface CommandExample {
  /** The whole line, e.g. `flowforge recover --list`. */
  command: string;
  /** What it does, in a few words. */
  description: string;
}

/** What a plugin command's `run` receives. */
export interface CommandContext {
  /** The positional arguments, in order. */
  readonly args: readonly string[];
  /** The options by their camel-cased long name (`--dry-run` → `dryRun`); flags are `true` when given. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Where the user typed the command: resolve paths they give from here. */
  readonly cwd: string;
  /** The repository's root, or `null` outside a git repository. */
  readonly repoRoot: string | null;
  readonly config: FlowForgeConfig;
  readonly configDir: string;
  /** Scoped to the plugin; lines go to stderr. */
  readonly logger: Logger;
  /** The kernel, with every configured plugin applied. */
  readonly kernel: PluginKernel;
  /** Writes one line of the command's output to stdout. */
  print(line?: string): void;
  /**
   * The private log of the developer running the command (FlowForge's user id for this clone).
   * Outside a git repository, or without a user id, using it throws `FF_NOT_A_REPO` or `FF_NO_USER`.
   */
  readonly privateLog: PrivateLog;
  /** The repository's team layer; outside a git repository, reading it throws `FF_NOT_A_REPO`. */
  readonly teamLayer: TeamLayerReader;
}

/**
 * A top-level command a plugin adds with `kernel.addCommand`: `flowforge <name>` runs it and
 * `flowforge --help` lists it with its plugin. `run` returns the exit code (default 0); a thrown
 * FlowForge error is shown with its hint and exit code, like any command's.
 */
export interface PluginCommand {
  /** Lowercase letters, digits and hyphens, e.g. `migrate`; it must not be a command FlowForge or another plugin has. */
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  readonly arguments?: readonly CommandArgument[];
  readonly options?: readonly CommandOption[];
  /** Shown by `flowforge <name> --help`; every command should have a few. */
  readonly examples?: readonly CommandExample[];
  run(context: CommandContext): Promise<number | void> | number | void;
}

/** A plugin's command with the plugin that added it. */
export interface RegisteredCommand {
  plugin: string;
  command: PluginCommand;
}

export const COMMAND_NAME = /^[a-z][a-z0-9-]{0,30}$/;
