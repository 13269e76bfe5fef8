/**
 * Tiny structural checks for the files FlowForge reads on every command. They replace zod on the
 * hot paths: importing zod costs ~45 ms, more than a whole `flowforge status` may take.
 */
export type Check = (value: unknown) => boolean;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isString: Check = (value) => typeof value === 'string';
export const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
export const matches = (pattern: RegExp): Check => (value) => typeof value === 'string' && pattern.test(value);
export const optional = (check: Check): Check => (value) => value === undefined || check(value);

/** An object with exactly these keys (those marked optional may be absent), each passing its check. */
export function hasShape(value: unknown, shape: Record<string, Check>, { loose = false } = {}): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  if (!loose && Object.keys(value).some((key) => !(key in shape))) return false;
  return Object.entries(shape).every(([key, check]) => check(value[key]));
}
