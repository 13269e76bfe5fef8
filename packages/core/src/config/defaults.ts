/**
 * Defaults the schema fills in, in a module without zod, for commands that must go on with
 * defaults when the config cannot be read (`flowforge status` after a broken config).
 */
export const DEFAULT_STALE_TIMER_HOURS = 10;
