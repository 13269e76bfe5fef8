import { toUtcInstant } from '@flowforge/core/internal';
import { printLine } from '../output.js';

/** One line of the daemon's log (its stdout: `daemon.log`, or the journal under systemd), timestamped. */
export function logLine(message: string): void {
  printLine(`${toUtcInstant(Date.now())} ${message}`);
}
