import { parseDuration } from '@flowforge/core';
import { z } from 'zod';

/** A rounding step such as `6m`, `15m` or `1h`: more than nothing, at most a day. */
const increment = z.string().transform((text, context) => {
  const seconds = parseDuration(text);
  if (seconds === null || seconds <= 0 || seconds > 86_400) {
    context.addIssue({ code: 'custom', message: 'expected a duration from 1s to 24h, such as "6m", "15m" or "1h"' });
    return z.NEVER;
  }
  return seconds;
});

export const roundingSchema = z.strictObject({
  increment,
  /** `up` bills every started increment (the usual contract), `nearest` the closest, `down` only whole ones. */
  mode: z.enum(['up', 'nearest', 'down']).default('up'),
  /** `entry` rounds each tracked stretch; `bucket` rounds the sum per user × issue × period. */
  scope: z.enum(['entry', 'bucket']).default('entry'),
});

/** Reads nothing but the options (no environment, file or clock): the CLI caches what it validates to (`PURE_OPTIONS`). */
export const granularityOptionsSchema = z
  .strictObject({
    /** The finest period that reaches the team layer. */
    period: z.enum(['day', 'week', 'month']).default('day'),
    /** `name` commits user ids; `pseudonym` commits a keyed hash of them. */
    identity: z.enum(['name', 'pseudonym']).default('name'),
    /** The team's secret for pseudonyms; the same salt gives the same pseudonym on every machine. */
    salt: z.string().min(16, { error: 'expected at least 16 characters, so pseudonyms cannot be guessed' }).optional(),
    rounding: roundingSchema.optional(),
  })
  .prefault({})
  .refine((options) => options.identity !== 'pseudonym' || options.salt !== undefined, {
    path: ['salt'],
    error: 'required when identity is "pseudonym" (a team secret of 16 or more characters)',
  });

export type GranularityOptions = z.output<typeof granularityOptionsSchema>;
