/** Billing increments (docs/configuration.md `rounding`): `up` bills every started increment, `down` whole ones only. */
export type RoundingMode = 'up' | 'nearest' | 'down';

/**
 * `seconds` rounded to a multiple of `incrementSeconds`; `nearest` rounds a half up, in the
 * developer's favour. Works on the remainder rather than on `seconds / increment`, so whole
 * seconds stay exact however large they are.
 */
export function roundSeconds(seconds: number, incrementSeconds: number, mode: RoundingMode): number {
  if (!Number.isFinite(incrementSeconds) || incrementSeconds <= 0) {
    throw new RangeError(`expected a positive rounding increment in seconds, got ${incrementSeconds}`);
  }
  const remainder = ((seconds % incrementSeconds) + incrementSeconds) % incrementSeconds;
  if (remainder === 0) return seconds;
  const down = seconds - remainder;
  if (mode === 'down') return down;
  if (mode === 'up') return down + incrementSeconds;
  return remainder * 2 >= incrementSeconds ? down + incrementSeconds : down;
}
