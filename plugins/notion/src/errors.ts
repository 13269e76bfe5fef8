import type { Logger } from '@flowforge/core';

/**
 * The provider refused the credentials. Its message says which provider and what to fix; it
 * never contains the token, and it carries no `cause`, so no request detail can leak through it.
 */
export class ProviderAuthError extends Error {
  override readonly name = 'ProviderAuthError';
  /** Always 401: the provider answered that the credentials are not valid. */
  readonly status = 401;

  constructor(
    readonly provider: 'github' | 'notion',
    message: string,
    /** How to fix it, for the CLI to print under the message. */
    readonly hint: string,
  ) {
    super(message);
  }
}

const REDACTED = '[REDACTED]';

/** `text` with every occurrence of `secret` replaced; a last line of defence for logs and errors. */
export function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join(REDACTED);
}

/** A logger that never lets `secret` through, whatever a client library hands it. */
export function redactingLogger(logger: Logger, secret: string): Logger {
  return {
    debug: (message) => logger.debug(redact(message, secret)),
    info: (message) => logger.info(redact(message, secret)),
    warn: (message) => logger.warn(redact(message, secret)),
    error: (message) => logger.error(redact(message, secret)),
  };
}

/** Strips `secret` from the message and stack of anything thrown, in place, and returns it. */
export function redactError(thrown: unknown, secret: string): unknown {
  if (thrown instanceof Error) {
    thrown.message = redact(thrown.message, secret);
    if (thrown.stack) thrown.stack = redact(thrown.stack, secret);
  }
  return thrown;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The HTTP status of a client library's error, if it has one. */
export function statusOf(thrown: unknown): number | undefined {
  const status = (thrown as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
