/** Time as the spacer sees it; tests pass a fake one. */
export interface SpacerClock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: SpacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RequestSpacer {
  /** Runs `task` in the next free slot; slots are `intervalMs` apart and handed out in call order. */
  schedule<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * A client-side queue that starts at most one request per `intervalMs`, the shape Notion's
 * request-limits page suggests for staying under its average of three requests per second.
 * Each call reserves the next slot at once, so concurrent callers queue up in order; a retry
 * by the client library takes a fresh slot like any other request.
 */
export function createRequestSpacer(intervalMs: number, clock: SpacerClock = systemClock): RequestSpacer {
  let nextSlot = -Infinity;
  return {
    async schedule(task) {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + intervalMs;
      if (slot > now) await clock.sleep(slot - now);
      return task();
    },
  };
}
