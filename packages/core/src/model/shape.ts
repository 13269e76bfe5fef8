/**
 * Tiny structural checks for the files FlowForge reads on every command. They replace zod on the
 * hot paths: importing zod takes longer than a whole `flowforge status` may take.
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
  return shapeOf(shape, { loose })(value);
}

/**
 * `hasShape` as a check made once: for records read by the hundred (a month of daily logs), where
 * building the shape and its key list on every call kept the garbage collector busy. Plain loops
 * inside for the same reason: before V8 optimises it, each `for…of` over a key list allocates an
 * iterator and its results.
 */
export function shapeOf(shape: Record<string, Check>, { loose = false } = {}): (value: unknown) => value is Record<string, unknown> {
  const keys = Object.keys(shape);
  const checks = keys.map((key) => shape[key] as Check);
  return (value: unknown): value is Record<string, unknown> => {
    if (!isObject(value)) return false;
    // `for…in` lists only own keys here: JSON objects and records inherit no enumerable ones.
    if (!loose) for (const key in value) if (!Object.hasOwn(shape, key)) return false;
    for (let i = 0; i < keys.length; i += 1) if (!checks[i]!(value[keys[i]!])) return false;
    return true;
  };
}
