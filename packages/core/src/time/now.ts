/** "Now" for a process: `FLOWFORGE_NOW` pins it for tests, demos and replays (SPEC §4). */
import { parseIsoInstant } from './instant.js';

/**
 * Epoch ms of the `FLOWFORGE_NOW` value, the real clock when it is unset or empty (as with
 * `NO_COLOR`, an empty variable counts as unset), or `null` when it is not an ISO-8601
 * instant with `Z` or an offset, so that the caller can stop with exit code 2 rather than
 * run at a time nobody meant.
 */
export function parseNow(value: string | undefined): number | null {
  const text = value?.trim() ?? '';
  return text === '' ? Date.now() : parseIsoInstant(text);
}
