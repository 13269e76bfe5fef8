import type { Command } from 'commander';

/** A command line as `--help` shows it under Examples, with what it does. */
export interface Example {
  command: string;
  description: string;
}

/** The width commander wraps help to when it cannot ask the terminal. */
const HELP_WIDTH = 80;

/**
 * The `Examples:` section of a command's `--help`: each command line with what it does in a
 * column beside it, like commander's own sections, or — when that would not fit in 80 columns —
 * what it does on the line above it.
 */
export function examplesSection(examples: readonly Example[]): string {
  const width = Math.max(...examples.map(({ command }) => command.length));
  const fits = examples.every(({ description }) => `  $ ${''.padEnd(width)}  # ${description}`.length <= HELP_WIDTH);
  const lines = examples.map(({ command, description }) => (fits ? `  $ ${command.padEnd(width)}  # ${description}` : `  # ${description}\n  $ ${command}`));
  return `\nExamples:\n${lines.join('\n')}\n`;
}

/**
 * Every variable FlowForge reads, for `flowforge --help`. Kept beside the examples so that one
 * place says what a user can set; `docs/configuration.md` has the same list.
 */
const ENVIRONMENT: readonly [string, string][] = [
  ['FLOWFORGE_USER', 'your user id (else git config flowforge.user)'],
  ['TZ', 'your time zone for local days and HH:MM'],
  ['FLOWFORGE_NOW', 'a fixed "now" (ISO instant), for demos, tests'],
  ['FLOWFORGE_HOME', 'where backups and `--org` caches are kept'],
  ['FLOWFORGE_SKIP=1, HUSKY=0', 'the pre-commit hook does nothing'],
  ['NO_COLOR, TERM=dumb', 'no colours'],
  ['GITHUB_TOKEN', 'the GitHub provider\'s token'],
  ['GITHUB_API_URL', 'its API (GitHub Enterprise)'],
  ['NOTION_TOKEN', 'the Notion provider\'s token'],
  ['GITHUB_ACTIONS', '`verify --ci` writes annotations when "true"'],
  ['GITHUB_STEP_SUMMARY', '… and its summary to this file'],
  ['GIT_SSH_COMMAND', '`--org`: how git reaches SSH remotes (never prompts)'],
  ['FLOWFORGE_DAEMON_POLL_MS', 'how often the daemon looks for work (ms)'],
  ['FLOWFORGE_DAEMON_DEBOUNCE_MS', 'file events this close make one run (ms)'],
  ['FLOWFORGE_DAEMON_RETRY_MAX_MS', 'the longest wait between retries (ms)'],
];

export function environmentSection(): string {
  const width = Math.max(...ENVIRONMENT.map(([name]) => name.length));
  return `\nEnvironment variables:\n${ENVIRONMENT.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`).join('\n')}\n`;
}

/** Examples of FlowForge's own commands, by command name. */
export const EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  init: [
    { command: 'flowforge init', description: 'folders, .gitignore, config and hook in this repo' },
    { command: 'flowforge init --ci --yes', description: 'also the GitHub Actions workflow, no questions' },
  ],
  start: [
    { command: 'flowforge start 42', description: 'time issue 42 from now' },
    { command: 'flowforge start PROJ-101 --at 09:15 --note "login form"', description: 'you began at 09:15' },
    { command: 'flowforge start', description: 'on branch feature/123-login: time issue 123' },
  ],
  pause: [
    { command: 'flowforge pause', description: 'pause the running timer' },
    { command: 'flowforge pause --at 12:30 --reason lunch', description: 'you stopped at 12:30' },
  ],
  resume: [
    { command: 'flowforge resume', description: 'the timer paused last' },
    { command: 'flowforge resume 41 --at 13:15', description: 'the timer on issue 41, since 13:15' },
  ],
  stop: [
    { command: 'flowforge stop', description: 'log the running timer' },
    { command: 'flowforge stop --at 18:00', description: 'it really ended at 18:00 (trims a stale timer)' },
    { command: 'flowforge stop --confirm', description: 'bill a timer older than hook.staleTimerHours in full' },
  ],
  switch: [
    { command: 'flowforge switch 43', description: 'log the running timer, start one on 43' },
    { command: 'flowforge switch', description: 'on branch feature/44-api: log the running timer, start one on 44' },
  ],
  status: [
    { command: 'flowforge status', description: 'timers, today, this week, warnings' },
    { command: 'flowforge status --json', description: 'the same as flowforge.status/1' },
  ],
  add: [
    { command: 'flowforge add 42 --from 09:00 --to 10:30 --note review', description: 'today, local time' },
    { command: 'flowforge add 57 --duration 1h30m --date 2026-11-02 --non-billable', description: 'a duration on a given day' },
  ],
  log: [
    { command: 'flowforge log', description: 'the last 7 local days, with entry ids' },
    { command: 'flowforge log --period last-week', description: 'Monday to Sunday of last week' },
    { command: 'flowforge log --from 2026-11-01 --to 2026-11-30 --json', description: 'a month as flowforge.log/1' },
  ],
  edit: [
    { command: 'flowforge edit k4x2f9 --to 11:00 --issue 43', description: 'HH:MM is on the entry\'s own day' },
    { command: 'flowforge edit k4x2f9 --billable no', description: 'make it non-billable' },
  ],
  rm: [{ command: 'flowforge rm k4x2f9', description: 'the entry stops counting; the log keeps it' }],
  aggregate: [
    { command: 'flowforge aggregate', description: 'what the pre-commit hook does, now' },
    { command: 'flowforge aggregate --all', description: 'every period, not only the changed ones' },
  ],
  hook: [{ command: 'flowforge hook pre-commit', description: 'the line in .husky/pre-commit' }],
  report: [
    { command: 'flowforge report --period last-month', description: 'last month, by user and issue' },
    { command: 'flowforge report --from 2026-11-01 --to 2026-11-15 --by issue', description: 'a range of days, by issue' },
    { command: 'flowforge report --period 2026-11 --format html --out november.html', description: 'a file to send' },
    { command: 'flowforge report --period 2026-11 --ref v1.4.0', description: 'the team layer of a tag, no checkout' },
    { command: 'flowforge report --org --period last-month --by repo,user', description: 'every repository of flowforge.org.json' },
  ],
  verify: [
    { command: 'flowforge verify', description: 'check the committed time data' },
    { command: 'flowforge verify --ci', description: 'in CI: also the config and plugins, with annotations' },
    { command: 'flowforge verify --org --strict', description: 'every repository of flowforge.org.json' },
  ],
  doctor: [{ command: 'flowforge doctor', description: 'what is wrong with this clone\'s set-up, and the fix' }],
  daemon: [
    { command: 'flowforge daemon start', description: 'catch what the hook missed, in the background' },
    { command: 'flowforge daemon status --json', description: 'is it running, and its last pass' },
  ],
  publish: [
    { command: 'flowforge publish --dry-run', description: 'the writes each provider would make' },
    { command: 'flowforge publish --provider github', description: 'only the GitHub provider' },
  ],
  export: [{ command: 'flowforge export --out my-data.json', description: 'all your private data, as JSON' }],
  config: [
    { command: 'flowforge config', description: 'the config after defaults, and its file' },
    { command: 'flowforge --config other.config.mjs config --json', description: 'another config file, as JSON' },
  ],
  plugins: [{ command: 'flowforge plugins', description: 'the loaded plugins and the hooks they tap' }],
};

/** The examples of `flowforge --help`: a day with FlowForge. */
const FIRST_STEPS: readonly Example[] = [
  { command: 'flowforge init', description: 'once per clone' },
  { command: 'flowforge start 42', description: 'time issue 42' },
  { command: 'flowforge stop', description: 'log it (your next commit bills it)' },
  { command: 'flowforge report --period 2026-11', description: 'the bill of a month' },
  { command: 'flowforge <command> --help', description: 'a command\'s options and examples' },
];

/** Adds its examples to each of FlowForge's own commands; first steps and the environment to the program's help. */
export function addHelpSections(program: Command): void {
  for (const command of program.commands) {
    const examples = EXAMPLES[command.name()];
    if (examples) command.addHelpText('after', examplesSection(examples));
  }
  program.addHelpText('after', examplesSection(FIRST_STEPS) + environmentSection());
}
