/**
 * Core prints nothing itself: it hands log
 * records to a sink that the CLI, a test or an embedding program provides. Every plugin gets a
 * logger scoped to its name, as Heft does, so each line says who wrote it.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  scope: string;
  message: string;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentSink: LogSink = () => {};

/** For code that may be handed no logger. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function createLogger(scope: string, sink: LogSink): Logger {
  const at = (level: LogLevel) => (message: string) => sink({ level, scope, message });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
