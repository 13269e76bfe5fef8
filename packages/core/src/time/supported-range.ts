/**
 * The instants FlowForge can file: an entry's id names its UTC day as three base-36 digits of days
 * since 1970 (`store/user-store.ts`), so from 1970-01-01 up to the end of 2097-09-05. Anything
 * outside is refused at the door (`FF_OUT_OF_RANGE`), before a file is touched.
 */
export const SUPPORTED_FROM_MS = 0;
export const SUPPORTED_UNTIL_MS = 36 ** 3 * 86_400_000;

export const isSupportedInstant = (ms: number): boolean => Number.isFinite(ms) && ms >= SUPPORTED_FROM_MS && ms < SUPPORTED_UNTIL_MS;
