/**
 * "Now" for a process: `FLOWFORGE_NOW` pins it for tests, demos and replays (docs/tracking.md). This module
 * is the one reader of `FLOWFORGE_NOW`: everything else asks `currentMs` (a command, which stops
 * on a bad value) or `currentMsOrClock` (a run inside one, which goes on with the clock).
 */
import { flowForgeError } from '../errors.js';
import { parseIsoInstant } from './instant.js';
import { isSupportedInstant } from './supported-range.js';

/**
 * Epoch ms of the `FLOWFORGE_NOW` value, the real clock when it is unset or empty (as with
 * `NO_COLOR`, an empty variable counts as unset), or `null` when it is not an ISO-8601
 * instant with `Z` or an offset, or one outside the years FlowForge can file
 * (`supported-range.ts`), so that the caller can stop with exit code 2 rather than run at a
 * time nobody meant.
 */
export function parseNow(value: string | undefined): number | null {
  const text = value?.trim() ?? '';
  const ms = text === '' ? Date.now() : parseIsoInstant(text);
  return ms !== null && isSupportedInstant(ms) ? ms : null;
}

/** Now, in epoch ms: `FLOWFORGE_NOW`, else the clock. `FF_BAD_NOW` (exit 2) when `FLOWFORGE_NOW` is no usable instant. */
export function currentMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = parseNow(env.FLOWFORGE_NOW);
  if (ms === null) throw flowForgeError('FF_BAD_NOW', { value: env.FLOWFORGE_NOW ?? '' });
  return ms;
}

/**
 * Now, in epoch ms, for work that must not stop over a bad `FLOWFORGE_NOW` (a commit's archiving
 * and snapshot, the v1 parallel run): `FLOWFORGE_NOW` when it is a usable instant, else the clock.
 */
export function currentMsOrClock(env: NodeJS.ProcessEnv = process.env): number {
  return parseNow(env.FLOWFORGE_NOW) ?? Date.now();
}
