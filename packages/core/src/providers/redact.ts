import type { Logger } from '../logger.js';
import { causeChain } from '../errors.js';

/**
 * Tokens never reach a file, a log line or an error message (docs/tracking.md). Providers pass every log
 * line and every error through these as a last line of defence, whatever a client library says.
 */
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

/**
 * Strips `secret` from the message and stack of anything thrown and of its causes (which
 * `--debug` prints), in place, and returns it.
 */
export function redactError(thrown: unknown, secret: string): unknown {
  for (const error of causeChain(thrown)) {
    error.message = redact(error.message, secret);
    if (error.stack) error.stack = redact(error.stack, secret);
  }
  return thrown;
}
