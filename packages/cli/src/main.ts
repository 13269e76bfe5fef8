import { Command, CommanderError, Option } from 'commander';
import { isFlowForgeError } from '@flowforge/core/errors';
import { CLI_VERSION } from './cli-files.js';
import { addHelpSections } from './help-text.js';
import { reportError } from './report-error.js';

/** Options every command accepts (commander's global options). */
export interface GlobalOptions {
  debug?: boolean;
  config?: string;
}

/**
 * What a command starts from, found once before it runs and passed down: the global options,
 * where the user typed it, and the top of that git work tree.
 */
export interface Session extends GlobalOptions {
  readonly cwd: string;
  /** `null` outside a git work tree. */
  readonly repoRoot: string | null;
}

/** A command module: `commands/<name>.ts` exports this as default. */
export type CommandAction = (args: readonly string[], options: Record<string, unknown>, session: Session) => Promise<number | void>;


/**
 * Every command's module, imported only when that command runs, so `--version`, `--help` and the
 * hook's fast path never pay for zod, cosmiconfig or plugins. Literal imports, so that the
 * bundler gives each command its own chunk.
 */
const COMMANDS = {
  init: () => import('./commands/init.js'),
  start: () => import('./commands/start.js'),
  pause: () => import('./commands/pause.js'),
  resume: () => import('./commands/resume.js'),
  stop: () => import('./commands/stop.js'),
  switch: () => import('./commands/switch.js'),
  status: () => import('./commands/status.js'),
  add: () => import('./commands/add.js'),
  log: () => import('./commands/log.js'),
  edit: () => import('./commands/edit.js'),
  rm: () => import('./commands/rm.js'),
  aggregate: () => import('./commands/aggregate.js'),
  report: () => import('./commands/report.js'),
  verify: () => import('./commands/verify.js'),
  doctor: () => import('./commands/doctor.js'),
  daemon: () => import('./commands/daemon.js'),
  publish: () => import('./commands/publish.js'),
  export: () => import('./commands/export.js'),
  config: () => import('./commands/config.js'),
  plugins: () => import('./commands/plugins.js'),
} satisfies Record<string, () => Promise<{ default: CommandAction }>>;

/** Commands that look at a hostile `.flowforge/` and say what is wrong, rather than refuse to start. */
const INSPECTORS: ReadonlySet<string> = new Set(['verify', 'doctor']);

function lazy(name: keyof typeof COMMANDS) {
  return async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const { findRepoRoot, guardRepo } = await import('@flowforge/core/guard');
    const cwd = process.cwd();
    const session: Session = { ...command.optsWithGlobals<GlobalOptions>(), cwd, repoRoot: findRepoRoot(cwd) };
    if (session.repoRoot && !INSPECTORS.has(name)) guardRepo(session.repoRoot);
    const { default: action } = await COMMANDS[name]();
    const code = await action(command.args, command.opts(), session);
    process.exitCode = code ?? 0;
  };
}

export function buildProgram(): Command {
  const program = new Command('flowforge')
    .description('Time tracking per issue that lives in git: private logs, committed summaries, billing reports.')
    .version(CLI_VERSION, '-v, --version')
    .option('--debug', 'print stack traces and debug logs')
    .option('--config <path>', 'use this config file instead of searching for one')
    .exitOverride()
    .showSuggestionAfterError(false) // ours ranks better (usage-error.ts); commands added later inherit this
    .configureOutput({ outputError: () => {} });

  program.command('init').description('set up FlowForge in this repo: folders, .gitignore, config, husky hook')
    .option('--ci', 'also write the GitHub Actions workflow').option('-y, --yes', 'accept defaults without asking')
    .action(lazy('init'));

  program.command('start').description('start a timer on an issue (a running timer on another issue is paused)')
    .argument('[issue]', 'the issue, e.g. 123 or PROJ-101 (default: taken from the branch name)').option('--note <text>', 'a private note').option('--at <time>', 'when it started (HH:MM or ISO)')
    .option('--confirm', 'bill a stale running timer in full when it is paused').action(lazy('start'));
  program.command('pause').description('pause the running timer').option('--reason <text>', 'why, kept private').option('--at <time>', 'when you stopped working')
    .option('--confirm', 'bill a stale timer in full').action(lazy('pause'));
  program.command('resume').description('resume the most recently paused timer, or the one on [issue]').argument('[issue]', 'the paused timer\'s issue')
    .option('--at <time>', 'when you started again').action(lazy('resume'));
  program.command('stop').description('stop the timer and log the entry').option('--at <time>', 'when it stopped (trims a stale timer)')
    .option('--confirm', 'bill a timer older than hook.staleTimerHours in full').action(lazy('stop'));
  program.command('switch').description('stop the current timer and start another').argument('[issue]', 'the issue (default: taken from the branch name)').option('--note <text>', 'a private note')
    .option('--at <time>', 'when the switch happened').option('--confirm', 'bill a stale running timer in full').action(lazy('switch'));
  program.command('status').description('the running timer, today\'s and this week\'s totals, warnings')
    .option('--json', 'machine-readable output (flowforge.status/1)').action(lazy('status'));
  program.command('add').description('add a manual entry').argument('<issue>', 'the issue, e.g. 42')
    .option('--from <time>', 'when it began (HH:MM on --date or today, YYYY-MM-DDTHH:MM, or ISO)').option('--to <time>', 'when it ended (as --from)')
    .option('--duration <duration>', 'instead of --from/--to: how long, e.g. 1h30m, 90m, 1.5h')
    .option('--date <day>', 'the local day for --duration or HH:MM (YYYY-MM-DD)').option('--note <text>', 'a private note')
    .option('--non-billable', 'count the time, bill none of it')
    .action(lazy('add'));
  program.command('log').description('your detailed entries, with ids')
    .option('--period <period>', 'YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD, or today, yesterday, this-week, last-week, this-month, last-month, this-year, last-year (your zone)')
    .option('--from <day>', 'first local day (YYYY-MM-DD; default: six days before --to)').option('--to <day>', 'last local day (YYYY-MM-DD; default: today)')
    .option('--json', 'machine-readable output (flowforge.log/1)').action(lazy('log'));
  program.command('edit').description('correct an entry; the previous version is kept').argument('<id>', 'the entry\'s id (see `flowforge log`)')
    .option('--issue <issue>', 'move it to this issue').option('--from <time>', 'new start (HH:MM is on the entry\'s own day)')
    .option('--to <time>', 'new end (as --from)').option('--note <text>', 'replace the private note').option('--billable <yes|no>', 'bill it or not')
    .action(lazy('edit'));
  program.command('rm').description('remove an entry; the previous version is kept').argument('<id>', 'the entry\'s id (see `flowforge log`)').action(lazy('rm'));

  program.command('aggregate').description('run the lifecycle for your changed periods').option('--all', 'every period').action(lazy('aggregate'));
  // bin/flowforge.cjs runs hooks without this parser; this path serves `flowforge --debug hook …`.
  program.command('hook').description('entry point for git hooks (husky): `flowforge hook pre-commit`')
    .argument('<git-hook>', 'the git hook that runs, e.g. pre-commit').argument('[args...]', 'what git passes to that hook')
    .action(async (gitHook: string, args: string[]) => (await import('./hook.js')).runHook([gitHook, ...args]));
  program.command('report').description('billing report from the team layer')
    .option('--period <period>', 'YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD, or today, yesterday, this-week, last-week, this-month, last-month, this-year, last-year (team zone)')
    .option('--from <day>', 'first local day billed (YYYY-MM-DD)').option('--to <day>', 'last local day billed (YYYY-MM-DD)')
    .option('--by <keys>', 'grouping, e.g. user,issue').addOption(new Option('--format <format>', 'output format (default: table)').choices(['table', 'csv', 'json', 'md', 'html']))
    .option('--json', 'the same as --format json (flowforge.report/1)')
    .option('--out <file>', 'write the report to this file instead of stdout').option('--ref <rev>', 'read the team layer of a git revision')
    .option('--org [file]', 'bill every repository of an org file (default: flowforge.org.json here)')
    .option('--offline', 'with --org: bill from the cache, fetch nothing').option('--strict', 'with --org: exit 1 if a repository cannot be fetched')
    .action(lazy('report'));
  program.command('verify').description('check schemas, checksums, audit trails and privacy of committed data')
    .option('--ci', 'GitHub annotations and step summary').option('--json', 'machine-readable output (flowforge.verify/1)')
    .option('--org [file]', 'check every repository of an org file').option('--offline', 'with --org: check the cache, fetch nothing')
    .option('--strict', 'with --org: a repository that cannot be fetched is an error').action(lazy('verify'));
  program.command('doctor').description('explain what is wrong with the set-up and how to fix it')
    .option('--json', 'machine-readable output (flowforge.doctor/1)').action(lazy('doctor'));
  program.command('daemon').description('the background service that catches what the hook missed')
    .argument('<action>', 'start | stop | status | run').option('--once', 'run: one pass, then exit').option('--json', 'status, run --once: machine-readable output').action(lazy('daemon'));
  program.command('publish').description('push aggregated hours to providers')
    .option('--provider <name>', 'only this provider, e.g. github, notion').option('--dry-run', 'show the planned writes, make none').action(lazy('publish'));
  program.command('export').description('all your private data as one JSON document')
    .option('--out <file>', 'write it to this file (readable by you alone) instead of stdout').action(lazy('export'));

  program.command('config').description('the resolved config and where it came from')
    .option('--json', 'machine-readable output (flowforge.config/1)').action(lazy('config'));
  program.command('plugins').description('the loaded plugins and the lifecycle hooks they tap')
    .option('--json', 'machine-readable output (flowforge.plugins/1)').action(lazy('plugins'));

  addHelpSections(program);
  return program;
}

const HARMLESS_EXITS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

export async function main(argv: readonly string[]): Promise<void> {
  endQuietlyOnClosedPipe();
  const program = buildProgram();
  try {
    await addPluginCommandsIfTyped(program, argv.slice(2));
    await program.parseAsync(argv);
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      if (HARMLESS_EXITS.has(thrown.code)) return;
      const { usageError } = await import('./usage-error.js');
      process.exitCode = reportError(usageError(thrown, program, argv.slice(2)), false);
      return;
    }
    // A plugin command's boot fails before the options are parsed: --debug is then read from argv.
    process.exitCode = reportError(thrown, Boolean(program.opts<GlobalOptions>().debug) || argv.slice(2).includes('--debug'));
  }
}

/**
 * Plugin commands cost a boot (config and plugins), so they are added only when the command typed
 * is not one of FlowForge's own, or for the list of commands (`--help`, `help`, nothing typed) —
 * where a config that does not load leaves the list to FlowForge's commands.
 */
async function addPluginCommandsIfTyped(program: Command, words: readonly string[]): Promise<void> {
  const globals: GlobalOptions = {};
  const rest: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    if (word === '--debug') globals.debug = true;
    else if (word === '--config') globals.config = words[(i += 1)];
    else if (word.startsWith('--config=')) globals.config = word.slice('--config='.length);
    else rest.push(word);
  }
  const [first, second] = rest;
  if (first === '-v' || first === '--version') return;
  const asked = first === 'help' ? second : first?.startsWith('-') ? undefined : first;
  if (asked !== undefined && program.commands.some((command) => command.name() === asked)) return;
  const { addPluginCommands } = await import('./plugin-commands.js');
  if (asked !== undefined)
    return addPluginCommands(program, globals, asked).catch(async (thrown: unknown) => {
      // `stat` in a repo whose config is broken: the slip is the news, not the config.
      throw (await import('./usage-error.js')).slipOfOwnCommand(program, asked) ?? thrown;
    });
  await addPluginCommands(program, globals, undefined).catch((thrown: unknown) => {
    const reason = isFlowForgeError(thrown) ? `${thrown.code} ${thrown.message.split('\n')[0]}` : String(thrown);
    program.addHelpText('after', `\nThe commands of plugins (recover, erase, migrate, and the team's own) are not listed: ${reason}\nRun \`flowforge doctor\` for what to fix.`);
  });
}

/**
 * `flowforge log | head -1`: once the reader has what it wanted it closes the pipe, and the next
 * write fails with EPIPE. That is no error of the command's, so it ends at once with exit 0, as
 * `git log | head` does, rather than with a stack trace.
 */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
}
