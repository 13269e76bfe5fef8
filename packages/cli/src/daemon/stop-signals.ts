import { constants } from 'node:os';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Calls `onFirst` on the first SIGINT or SIGTERM, so that the aggregation under way can finish
 * before the process ends. A second signal ends it at once (exit 128 + the signal's number, as
 * shells report it): whoever insists gets their terminal back, and an interrupted aggregation is
 * safe to run again. Returns a function that removes the handlers.
 */
export function onStopSignals(onFirst: (signal: NodeJS.Signals) => void): () => void {
  let received = false;
  const handler = (signal: NodeJS.Signals) => {
    if (received) process.exit(128 + (constants.signals[signal] ?? 0));
    received = true;
    onFirst(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
