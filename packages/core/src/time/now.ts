/** "Now" for a process: `FLOWFORGE_NOW` pins it for tests, demos and replays (SPEC §4). */
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
