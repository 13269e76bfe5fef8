import { execFile } from 'node:child_process';
import { flowForgeError } from '@flowforge/core/internal';

/**
 * A git command run for the org cache, asynchronously so that repositories are fetched side by
 * side. Git never asks for a password here (a CI job would hang on the prompt): a remote that
 * needs one fails, and is named as unreachable. Only git's plain transports are allowed, whatever
 * the user's git config says: not `ext::`, which runs a command, nor any other `<helper>::` remote
 * helper found on the PATH.
 */
export function git(args: readonly string[], options: { cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...ONLY_PLAIN_TRANSPORTS, ...args],
      {
        cwd: options.cwd,
        encoding: 'buffer',
        maxBuffer: 512 * 1024 * 1024,
        timeout: options.timeoutMs ?? GIT_TIMEOUT_MS,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes' },
      },
      (error, stdout, stderr) => {
        if (error) reject(flowForgeError('FF_GIT_FAILED', { command: `git ${args.join(' ')}`, reason: stderr.toString('utf8').trim() || error.message }));
        else resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A fetch that hangs (a dead host, a firewall dropping packets) ends, and its repository is named as unreachable. */
const GIT_TIMEOUT_MS = 5 * 60 * 1000;

/** git's own transports; every other (`ext::`, `fd::`, remote helpers) is refused. */
const ONLY_PLAIN_TRANSPORTS = ['-c', 'protocol.allow=never', ...['file', 'git', 'ssh', 'http', 'https'].flatMap((protocol) => ['-c', `protocol.${protocol}.allow=always`])];
