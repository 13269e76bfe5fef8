/**
 * How long to wait before retry number `attempt` (1 for the first) after failed runs: `baseMs`,
 * then twice as long after each further failure, never more than `maxMs`. A failure that lasts
 * (a broken config, a provider down) is retried every `maxMs` for as long as it lasts.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}
