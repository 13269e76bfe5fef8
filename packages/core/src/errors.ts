/**
 * The one catalogue of FlowForge errors (semantic-release's `definitions/errors.js` is the model).
 * Every error a user can meet has a stable code, a message that says what happened and a hint
 * that says how to fix it. `exitCode` follows docs/tracking.md: 2 for usage and configuration errors,
 * 1 when an operation ran and found a problem.
 */

import { printable } from './printable.js';

/** What the user reads: what happened, and how to fix it. */
export interface ErrorText {
  message: string;
  hint: string;
}

type Definition<P> = { exitCode: 1 | 2; describe: (params: P) => ErrorText };

function define<P>(exitCode: 1 | 2, describe: (params: P) => ErrorText): Definition<P> {
  return { exitCode, describe };
}

/**
 * A plugin's own error catalogue, keyed by code (`FF_ACME_DOWN`): each with its exit code (2 for
 * usage and configuration errors, 1 when an operation ran and found a problem) and the text for
 * given parameters.
 */
export type ErrorCatalogue = Record<string, { exitCode: 1 | 2; describe: (params: never) => ErrorText }>;

/**
 * Declares a plugin's errors the way core declares its own; `create(code, params, cause?)` makes
 * one that FlowForge prints with its code, hint and exit code, never as a plugin crash:
 *
 * ```js
 * const errors = defineErrors({
 *   FF_ACME_DOWN: { exitCode: 1, describe: ({ url }) => ({ message: `Acme at ${url} did not answer.`, hint: 'Check the url option.' }) },
 * });
 * throw errors.create('FF_ACME_DOWN', { url });
 * ```
 */
export function defineErrors<const Catalogue extends ErrorCatalogue>(catalogue: Catalogue) {
  return {
    catalogue,
    create<C extends keyof Catalogue & string>(code: C, params: Parameters<Catalogue[C]['describe']>[0], cause?: unknown): FlowForgeError {
      const definition = catalogue[code] as Catalogue[C];
      return new FlowForgeError(code, definition.describe(params as never), definition.exitCode, cause === undefined ? undefined : { cause });
    },
  };
}

export interface ConfigIssue {
  /** Where in the config the problem is, e.g. `plugins[0].options.period`. */
  path: string;
  message: string;
}

const formatIssues = (issues: readonly ConfigIssue[]): string =>
  issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`).join('\n');

export const errorCatalogue = {
  FF_USAGE: define<{ message: string; command?: string; hint?: string; suggestion?: string }>(2, ({ message, command, hint, suggestion }) => ({
    message,
    hint: hint ?? `${suggestion ? `Did you mean \`${suggestion}\`? ` : ''}Run \`flowforge ${command ? `${command} ` : ''}--help\` for the accepted arguments.`,
  })),
  FF_CONFIG_SYNTAX: define<{ file: string; reason: string }>(2, ({ file, reason }) => ({
    message: `The config file ${file} could not be read: ${reason}`,
    hint: 'Fix the syntax error at the place named above, or run `flowforge init` to write a fresh config.',
  })),
  FF_CONFIG_TIMEOUT: define<{ file: string; seconds: number }>(2, ({ file, seconds }) => ({
    message: `The config file ${file} did not finish loading within ${seconds} s: it waits on something that never comes.`,
    hint: 'A config module must export its settings without waiting on the network, a prompt or a promise that never settles; fix it, or move that work out of the config.',
  })),
  FF_CONFIG_NOT_FOUND: define<{ file: string }>(2, ({ file }) => ({
    message: `No config file at ${file}.`,
    hint: 'Check the path given to --config, or omit --config to search from the current folder.',
  })),
  FF_CONFIG_INVALID: define<{ file: string; issues: readonly ConfigIssue[] }>(2, ({ file, issues }) => ({
    message: `The config file ${file} is invalid:\n${formatIssues(issues)}`,
    hint: 'Correct each value named above; `docs/configuration.md` lists every setting and its type.',
  })),
  FF_PLUGIN_NOT_FOUND: define<{ file: string; entry: string; specifier: string; from: string; listedIn?: string; suggestion?: string; firstParty?: readonly string[] }>(
    2,
    ({ file, entry, specifier, from, listedIn, suggestion, firstParty }) => ({
      message: `${file}: ${entry} "${specifier}" could not be found from ${from}.`,
      // Never `npm install <specifier>`: a misspelt name may be someone else's package on the registry.
      hint: specifier.startsWith('.')
        ? 'Paths are resolved from the folder of the config file; check the spelling and that the file exists.'
        : listedIn
          ? `It is listed in ${listedIn} but not installed in this clone: run \`npm ci\`.`
          : suggestion
            ? `Did you mean "${suggestion}"? Correct ${entry} in ${file}.`
            : `Check the name in ${file}. A plugin from npm must be listed in the team repo's package.json and installed (\`npm ci\`).${
                firstParty?.length ? ` FlowForge's own plugins are ${firstParty.join(', ')}.` : ''
              }`,
    }),
  ),
  FF_PLUGIN_INVALID: define<{ file: string; entry: string; specifier: string; reason: string }>(
    2,
    ({ file, entry, specifier, reason }) => ({
      message: `${file}: ${entry} "${specifier}" is not a FlowForge plugin: ${reason}`,
      hint: 'A plugin module must `export default definePlugin({ name, apply })` from @flowforge/core.',
    }),
  ),
  FF_PLUGIN_API: define<{ file: string; entry: string; specifier: string; name: string }>(2, ({ file, entry, specifier, name }) => ({
    message: `${file}: ${entry} "${specifier}" imports \`${name}\` from @flowforge/core, which is not part of its public API.`,
    hint: "A plugin uses only what @flowforge/core exports (docs/plugins.md lists it); FlowForge's stores are reached through the context handed to taps, providers and commands. If the plugin is not yours, ask its author for a version that supports this FlowForge.",
  })),
  FF_PLUGIN_DUPLICATE: define<{ file: string; index: number; name: string }>(2, ({ file, index, name }) => ({
    message: `${file}: plugins[${index}] loads "${name}" a second time.`,
    hint: 'List each plugin once; merge its options into one entry.',
  })),
  FF_PLUGIN_OPTIONS: define<{ file: string; plugin: string; issues: readonly ConfigIssue[] }>(
    2,
    ({ file, plugin, issues }) => ({
      message: `${file}: invalid options for plugin "${plugin}":\n${formatIssues(issues)}`,
      hint: `Correct the options named above; the plugin's documentation lists what "${plugin}" accepts.`,
    }),
  ),
  FF_PLUGIN_FAILED: define<{ plugin: string; hook: string; reason: string }>(1, ({ plugin, hook, reason }) => ({
    message: `Plugin "${plugin}" failed in ${hook}: ${reason}`,
    hint: `This is a problem in "${plugin}"; run with --debug for its stack, and report it to the plugin's author.`,
  })),
  FF_COMMAND_TAKEN: define<{ plugin: string; command: string; by: string | null }>(2, ({ plugin, command, by }) => ({
    message: by
      ? `Plugin "${plugin}" adds the command "${command}", which ${by === 'flowforge' ? 'FlowForge has' : `plugin "${by}" already added`}.`
      : `Plugin "${plugin}" adds a command named ${JSON.stringify(command)}, which is not a command name (lowercase letters, digits and hyphens).`,
    hint: by ? 'Keep one of the two plugins in `plugins`, or ask an author to rename the command.' : "This is a problem in the plugin; report it to the plugin's author.",
  })),
  FF_VALIDATION_FAILED: define<{ failures: readonly { plugin: string; message: string }[] }>(
    1,
    ({ failures }) => ({
      message: `Validation found ${failures.length} problem(s):\n${failures
        .map((failure) => `  [${failure.plugin}] ${failure.message}`)
        .join('\n')}`,
      hint: 'Nothing was written to the team layer; fix the data named above and run again.',
    }),
  ),
  FF_NOT_A_REPO: define<{ cwd: string }>(2, ({ cwd }) => ({
    message: `${cwd} is not inside a git work tree.`,
    hint: 'FlowForge keeps its data beside a git repository: run it inside one (`git init` creates one).',
  })),
  FF_NO_USER: define<Record<string, never>>(2, () => ({
    message: 'No FlowForge user id: FLOWFORGE_USER is unset and git has neither flowforge.user nor user.email.',
    hint: 'Run `git config --global flowforge.user <id>` (lower-case letters, digits, . _ -), or set FLOWFORGE_USER.',
  })),
  FF_BAD_USER_ID: define<{ id: string; source: string }>(2, ({ id, source }) => ({
    message: `The user id ${JSON.stringify(id)} from ${source} is not allowed.`,
    hint: 'A user id is 1-64 characters of a-z, 0-9, ".", "_" and "-", starting with a letter or digit, e.g. "alice".',
  })),
  FF_USER_ID_CHANGED: define<{ email: string; id: string; earlier: string }>(2, ({ email, id, earlier }) => ({
    message: `Your e-mail ${email} now gives the user id "${id}", but your private data here is under "${earlier}", its id before FlowForge made ids collision-free.`,
    hint: `Keep your data's id: \`git config flowforge.user ${earlier}\` (recommended unless a teammate's e-mail also gives "${earlier}"); or start under the new id: \`git config flowforge.user ${id}\`.`,
  })),
  FF_BAD_NOW: define<{ value: string }>(2, ({ value }) => ({
    message: `FLOWFORGE_NOW=${JSON.stringify(value)} is not an ISO-8601 instant between 1970 and 2097 (the clock, if it is unset).`,
    hint: 'Use a full instant such as 2026-11-02T09:30:00Z or 2026-11-02T10:30:00+01:00, or unset FLOWFORGE_NOW (and check the system clock).',
  })),
  FF_BAD_TIME_ZONE: define<{ zone: string; source: string }>(2, ({ zone, source }) => ({
    message: `The time zone ${JSON.stringify(zone)} from ${source} is not an IANA time zone.`,
    hint: 'Use a name such as "Europe/Berlin", "America/New_York" or "UTC".',
  })),
  FF_BAD_ISSUE: define<{ value: string }>(2, ({ value }) => ({
    message: `${JSON.stringify(value)} is not an issue key.`,
    hint: 'An issue key is 1-64 characters of letters, digits, ".", "_", "/", "-", e.g. 123 or APP-42.',
  })),
  FF_BAD_TIME: define<{ option: string; value: string }>(2, ({ option, value }) => ({
    message: `${option} ${JSON.stringify(value)} is not a time.`,
    hint: 'Use HH:MM (today, local time), YYYY-MM-DDTHH:MM (local time) or an ISO instant such as 2026-11-02T08:00:00Z.',
  })),
  FF_BAD_DAY: define<{ option: string; value: string }>(2, ({ option, value }) => ({
    message: `${option} ${JSON.stringify(value)} is not a day.`,
    hint: 'Use YYYY-MM-DD, e.g. 2026-11-02.',
  })),
  FF_BAD_DURATION: define<{ value: string }>(2, ({ value }) => ({
    message: `${JSON.stringify(value)} is not a duration.`,
    hint: 'Use hours and minutes such as 1h30m, 90m or 1.5h (a bare number is ambiguous).',
  })),
  FF_BAD_RANGE: define<{ start: string; end: string }>(2, ({ start, end }) => ({
    message: `The end ${end} is not after the start ${start}.`,
    hint: 'Give an end later than the start; an entry must last at least one second.',
  })),
  FF_OUT_OF_RANGE: define<{ option: string; value: string }>(2, ({ option, value }) => ({
    message: `${option} ${value} is outside the years FlowForge can file, 1970 to 2097.`,
    hint: 'Check the date (and FLOWFORGE_NOW, if it is set): nothing was written.',
  })),
  FF_IN_FUTURE: define<{ option: string; value: string }>(2, ({ option, value }) => ({
    message: `${option} ${value} is in the future.`,
    hint: 'Tracked time must have happened already; check the date, or FLOWFORGE_NOW if it is set.',
  })),
  FF_ENTRY_OVERLAP: define<{ id: string; start: string; end: string }>(2, ({ id, start, end }) => ({
    message: `That time overlaps entry ${id} (${start} to ${end}).`,
    hint: `Nothing was written. Adjust the times, or correct ${id} first with \`flowforge edit ${id}\`.`,
  })),
  FF_ENTRY_NOT_FOUND: define<{ id: string }>(2, ({ id }) => ({
    message: `There is no entry ${JSON.stringify(id)}.`,
    hint: 'Run `flowforge log` to see your entries and their ids.',
  })),
  FF_NOTHING_RUNNING: define<{ action: string }>(1, ({ action }) => ({
    message: `No timer to ${action}.`,
    hint: 'Run `flowforge status` to see your timers, or `flowforge start <issue>` to start one.',
  })),
  FF_ALREADY_RUNNING: define<{ issue: string; since: string }>(1, ({ issue, since }) => ({
    message: `A timer on ${issue} is already running since ${since}.`,
    hint: 'Run `flowforge pause` or `flowforge stop` first, or `flowforge switch <issue>` to change issue.',
  })),
  FF_START_BEFORE_RUNNING: define<{ issue: string; at: string; running: string; since: string }>(2, ({ issue, at, running, since }) => ({
    message: `The timer on ${running} has been running since ${since}, so ${issue} cannot start at ${at}: ${running} would have to stop before it started.`,
    hint: `Give --at a time after ${since}, or log the time before it with \`flowforge add ${issue} --from … --to …\`.`,
  })),
  FF_STALE_TIMER: define<{ issue: string; since: string; hours: number }>(1, ({ issue, since, hours }) => ({
    message: `The timer on ${issue} has run since ${since}, longer than ${hours} h: it was not stopped.`,
    hint: 'Say when you really stopped with `flowforge stop --at HH:MM`, or bill all of it with `flowforge stop --confirm`.',
  })),
  FF_TEAM_FILE_INVALID: define<{ file: string; problems: readonly string[] }>(1, ({ file, problems }) => ({
    message: `The team file ${printable(file)} is not valid:\n${problems.map((problem) => `  ${printable(problem)}`).join('\n')}`,
    hint: 'Team files are written by FlowForge only: restore it with `git checkout -- <file>`, or rebuild it with `flowforge recover --team` on its owner\'s machine.',
  })),
  FF_BAD_REF: define<{ ref: string; reason: string }>(2, ({ ref, reason }) => ({
    message: `${JSON.stringify(ref)} is not a git revision here: ${reason}`,
    hint: 'Give a branch, tag or commit that exists in this clone, e.g. HEAD~1 or main.',
  })),
  FF_GIT_FAILED: define<{ command: string; reason: string }>(1, ({ command, reason }) => ({
    message: `\`${command}\` failed: ${reason}`,
    hint: 'Check that git works in this repository (`git status`), then run the command again.',
  })),
  FF_PERIOD_TOO_FINE: define<{ asked: string; granularity: string }>(2, ({ asked, granularity }) => ({
    message: `The team layer keeps time per ${granularity}, so ${asked} cannot be reported: it would split a ${granularity}.`,
    hint: `Ask for whole ${granularity}s (e.g. --period ${granularity === 'week' ? 'YYYY-Www, this-week or last-week' : 'YYYY-MM, this-month or last-month'}), or set a finer period in @flowforge/plugin-granularity (it applies to time aggregated from then on).`,
  })),
  FF_BAD_PERIOD: define<{ value: string }>(2, ({ value }) => ({
    message: `${JSON.stringify(value)} is not a period.`,
    hint: 'Use YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD (e.g. 2026-11 or 2026-W45), one of today, yesterday, this-week, last-week, this-month, last-month, this-year, last-year, or --from and --to with days.',
  })),
  FF_ORG_FILE_NOT_FOUND: define<{ file: string }>(2, ({ file }) => ({
    message: `No org file at ${printable(file)}.`,
    hint: 'Write flowforge.org.json (or .yaml) in this folder, or give its path: `flowforge report --org path/to/flowforge.org.json` (docs/org.md).',
  })),
  FF_ORG_FILE_SYNTAX: define<{ file: string; reason: string }>(2, ({ file, reason }) => ({
    message: `The org file ${printable(file)} could not be read: ${printable(reason)}`,
    hint: 'Fix the syntax error at the place named above; an org file is JSON or YAML data (docs/org.md).',
  })),
  FF_ORG_FILE_INVALID: define<{ file: string; issues: readonly ConfigIssue[] }>(2, ({ file, issues }) => ({
    message: `The org file ${printable(file)} is invalid:\n${formatIssues(issues)}`,
    hint: 'Correct each value named above; docs/org.md lists every setting of an org file.',
  })),
  FF_ORG_REPO_RATES: define<{ repo: string; reason: string }>(2, ({ repo, reason }) => ({
    message: `The repository ${printable(repo)} cannot supply its own rates: ${printable(reason)}`,
    hint: 'Its committed JSON or YAML config must bill in the org\'s currency; or drop `"rates": "repo"` from its entry in the org file, and the org file\'s rates bill it.',
  })),
  FF_ORG_UNREACHABLE: define<{ repos: readonly string[]; all?: boolean }>(1, ({ repos, all }) => ({
    message: all
      ? `None of the org file's ${repos.length} repositories could be fetched or read from the cache, so there is nothing to bill: ${repos.map(printable).join(', ')}.`
      : `--strict: ${repos.length} repository(ies) could not be fetched, so the bill would be incomplete: ${repos.map(printable).join(', ')}.`,
    hint: `Check each URL and your access to it (\`git ls-remote <url>\`), then run the report again${all ? '' : '; without --strict it bills the others and names these'}.`,
  })),
  FF_STORE_CORRUPT: define<{ file: string; reason: string; keptAt: string }>(1, ({ file, reason, keptAt }) => ({
    message: `${file} is damaged (${reason}); its bytes were kept at ${keptAt}.`,
    hint: 'Nothing was overwritten. Run `flowforge recover --list` to restore from a snapshot, or repair the kept copy by hand and move it back.',
  })),
  FF_LINK_REFUSED: define<{ path: string; kind: string }>(1, ({ path, kind }) => ({
    message: `${printable(path)} is ${kind}: FlowForge never follows links in its folders, nor reads or writes through anything but a folder there.`,
    hint: `Remove it and let FlowForge create a real folder: \`git rm -r --cached ${printable(path)}\` if git tracks it (and commit), then \`rm ${printable(path)}\`.`,
  })),
  FF_NOT_A_FILE: define<{ path: string; kind: string }>(1, ({ path, kind }) => ({
    message: `${printable(path)} is ${kind}, not a file: FlowForge reads only regular files in its folders, and never follows a link.`,
    hint: `Remove it: \`git rm --cached ${printable(path)}\` if git tracks it (and commit), then \`rm ${printable(path)}\`; \`flowforge verify\` lists any others.`,
  })),
  FF_FILE_TOO_LARGE: define<{ path: string; bytes: number; limit: number }>(1, ({ path, bytes, limit }) => ({
    message: `${printable(path)} holds ${bytes} bytes, more than the ${limit} any file FlowForge writes there can hold; it was not read.`,
    hint: `It was not written by FlowForge: restore it with \`git checkout -- ${printable(path)}\`, or remove it.`,
  })),
  FF_PRIVATE_TRACKED: define<{ paths: readonly string[] }>(1, ({ paths }) => ({
    message: `git tracks ${paths.length} file(s) under .flowforge/user/ or .flowforge/daemon/ (${paths.slice(0, 3).map(printable).join(', ')}${paths.length > 3 ? ', …' : ''}): private and runtime data that came from a commit is neither read nor billed.`,
    hint:
      'If you added them yourself: `git rm -r --cached --ignore-unmatch .flowforge/user .flowforge/daemon` and commit (your files stay on disk). ' +
      'If they came with someone else\'s commit, they are not your time: `git rm -r --ignore-unmatch .flowforge/user .flowforge/daemon` removes them from disk too (only the files git tracks) — commit, and check what else that commit changed.',
  })),
  FF_STORE_LOCKED: define<{ lock: string; holder: string }>(1, ({ lock, holder }) => ({
    message: `Another FlowForge process (${holder}) holds ${lock}.`,
    hint: 'Wait for it to finish and try again; if no such process runs, the lock is removed automatically once it is stale.',
  })),
  FF_PROVIDER_NOT_CONFIGURED: define<{ asked: string | null; configured: readonly string[] }>(2, ({ asked, configured }) => ({
    message:
      asked === null
        ? 'No provider is configured: no plugin adds a provider to publish.'
        : `--provider ${JSON.stringify(asked)} names no configured provider${configured.length > 0 ? ` (configured: ${configured.join(', ')})` : ''}.`,
    hint: 'Add a provider to `plugins` in the config, e.g. [\'@flowforge/plugin-github\', { owner, repo }]; `flowforge plugins` lists what is loaded (see docs/providers.md).',
  })),
  FF_PROVIDER_TOKEN_MISSING: define<{ provider: string; variable: string; how: string }>(2, ({ provider, variable, how }) => ({
    message: `${provider} needs a token in ${variable}, and it is not set.`,
    hint: `${how} Set it in the environment (a CI secret, or your shell): FlowForge reads it from there only and never writes it to a file or log.`,
  })),
  FF_PROVIDER_AUTH: define<{ reason: string; fix: string }>(2, ({ reason, fix }) => ({
    message: reason,
    hint: fix,
  })),
  FF_PROVIDER_UNREACHABLE: define<{ provider: string; reason: string }>(1, ({ provider, reason }) => ({
    message: `The ${provider} provider got no answer from its server: ${reason}`,
    hint: "Check the network (a proxy, a VPN, DNS) and the provider's baseUrl in the config, then publish again: what was already published is found up to date.",
  })),
  FF_PUBLISH_FAILED: define<{ failures: readonly { provider: string; code: string; message: string }[]; othersPublished?: boolean }>(1, ({ failures, othersPublished = true }) => ({
    message: `${failures.length} providers failed:\n${failures
      .map((failure) => `  [${failure.provider}] ${failure.code} ${failure.message.replace(/\n/g, '\n    ')}`)
      .join('\n')}`,
    hint: `${othersPublished ? 'The other providers published. ' : ''}Fix each failure above (run \`flowforge publish --provider NAME\` for its own hint) and publish again: what was already published is found up to date.`,
  })),
  FF_DAEMON_RUNNING: define<{ holder: string }>(1, ({ holder }) => ({
    message: `A FlowForge daemon already runs in this clone (${holder}).`,
    hint: 'A clone has one daemon: `flowforge daemon status` shows it, `flowforge daemon stop` stops it.',
  })),
  FF_DAEMON_NOT_RUNNING: define<Record<string, never>>(1, () => ({
    message: 'No FlowForge daemon is running in this clone.',
    hint: 'Start one with `flowforge daemon start`; `flowforge daemon status` shows the last run of the previous one.',
  })),
  FF_DAEMON_START_FAILED: define<{ reason: string; log: string }>(1, ({ reason, log }) => ({
    message: `The daemon did not start: ${reason}`,
    hint: `Read ${log} for the whole story, fix the cause, then run \`flowforge daemon start\` again (\`flowforge daemon run\` shows it in the foreground).`,
  })),
  FF_DAEMON_STOP_TIMEOUT: define<{ pid: number; seconds: number }>(1, ({ pid, seconds }) => ({
    message: `The daemon (pid ${pid}) is still running ${seconds} s after SIGTERM.`,
    hint: `It finishes its current aggregation first; try \`flowforge daemon stop\` again. As a last resort \`kill -9 ${pid}\`: aggregation is idempotent and its lock is taken over, so nothing is lost.`,
  })),
  FF_DAEMON_PASS_FAILED: define<{ reason: string }>(1, ({ reason }) => ({
    message: `The daemon's aggregation pass ${reason}.`,
    hint: 'Its output is in the daemon log (.flowforge/daemon/daemon.log, or the journal under systemd); `flowforge daemon run --once` runs one pass in the foreground.',
  })),
  FF_DISK_FULL: define<{ path: string }>(1, ({ path }) => ({
    message: `No space left on the disk that holds ${printable(path)}.`,
    hint: 'Free some space and run the command again: what was written before stays whole (FlowForge writes beside and renames), and nothing tracked is lost.',
  })),
  FF_NO_PERMISSION: define<{ path: string }>(1, ({ path }) => ({
    message: `Permission denied for ${printable(path)}.`,
    hint: 'Make it yours and writable (`ls -l` shows who owns it), or run FlowForge as the user whose clone this is.',
  })),
  FF_READ_ONLY: define<{ path: string }>(1, ({ path }) => ({
    message: `${printable(path)} is on a read-only file system.`,
    hint: 'Run the command in a clone you can write to, or remount it read-write.',
  })),
  FF_WRONG_KIND: define<{ path: string; found: string }>(1, ({ path, found }) => ({
    message: `${printable(path)} is ${found}, where FlowForge keeps the other kind.`,
    hint: `Move it out of the way (FlowForge creates what it needs): \`mv ${printable(path)} ${printable(path)}.aside\`.`,
  })),
  FF_INTERNAL: define<{ reason: string }>(1, ({ reason }) => ({
    message: `Unexpected internal error: ${reason}`,
    hint: 'Run again with --debug and report the output at the FlowForge issue tracker.',
  })),
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
type ParamsOf<C extends ErrorCode> = (typeof errorCatalogue)[C] extends Definition<infer P> ? P : never;

export class FlowForgeError extends Error {
  override readonly name = 'FlowForgeError';
  readonly hint: string;
  readonly exitCode: 1 | 2;
  /** Where the kernel caught it: the plugin and the hook whose tap threw it (semantic-release stamps `pluginName` the same way). */
  plugin?: string;
  hook?: string;

  constructor(
    /** Core's codes are `ErrorCode`; a plugin's are its own (`defineErrors`). */
    readonly code: ErrorCode | (string & {}),
    text: ErrorText,
    exitCode: 1 | 2,
    options?: ErrorOptions,
  ) {
    super(text.message, options);
    this.hint = text.hint;
    this.exitCode = exitCode;
  }
}

/** Builds the catalogued error `code`; `cause` keeps the original error for `--debug`. */
export function flowForgeError<C extends ErrorCode>(code: C, params: ParamsOf<C>, cause?: unknown): FlowForgeError {
  const definition = errorCatalogue[code] as Definition<ParamsOf<C>>;
  return new FlowForgeError(code, definition.describe(params), definition.exitCode, cause === undefined ? undefined : { cause });
}

/**
 * Duck-typed rather than `instanceof`: a plugin may bring its own copy of @flowforge/core, and
 * its catalogued errors must still print as such.
 */
export function isFlowForgeError(value: unknown): value is FlowForgeError {
  return (
    value instanceof Error &&
    value.name === 'FlowForgeError' &&
    typeof (value as Partial<FlowForgeError>).code === 'string' &&
    typeof (value as Partial<FlowForgeError>).hint === 'string'
  );
}

/** How many causes are followed at most: a cycle of causes must not hang an error report. */
const MAX_CAUSES = 8;

/**
 * `thrown` and the errors it was caused by, outermost first, each once: a failed request's own
 * words (`connect ECONNREFUSED …`) are often two or three causes down.
 */
export function causeChain(thrown: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = thrown; current instanceof Error && !chain.includes(current) && chain.length < MAX_CAUSES; current = current.cause) chain.push(current);
  return chain;
}

/** The message of anything thrown, without its stack. */
export function reasonOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

/**
 * A failure of the machine rather than of FlowForge — a full disk, a permission, a read-only file
 * system, a folder where a file belongs — as the catalogued error that names its path, or
 * `undefined` for anything else (which stays `FF_INTERNAL`, a bug to report).
 */
export function environmentError(thrown: unknown): FlowForgeError | undefined {
  const { code, path } = (thrown ?? {}) as { code?: unknown; path?: unknown };
  if (typeof path !== 'string') return undefined;
  const cause = thrown;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return flowForgeError('FF_DISK_FULL', { path }, cause);
    case 'EACCES':
    case 'EPERM':
      return flowForgeError('FF_NO_PERMISSION', { path }, cause);
    case 'EROFS':
      return flowForgeError('FF_READ_ONLY', { path }, cause);
    case 'EISDIR':
      return flowForgeError('FF_WRONG_KIND', { path, found: 'a folder' }, cause);
    case 'ENOTDIR':
      return flowForgeError('FF_WRONG_KIND', { path, found: 'a file, or under one' }, cause);
    default:
      return undefined;
  }
}
