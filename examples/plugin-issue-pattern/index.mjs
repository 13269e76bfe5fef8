// An example third-party plugin, written as its author would publish it: plain ESM, typed
// through JSDoc, options validated by the kernel with the plugin's own zod schema before `apply`.
import { definePlugin, z } from '@flowforge/core';

const options = z
  .strictObject({
    /** A regular expression every issue key must match, e.g. "^(\\d+|[A-Z]+-\\d+)$". */
    pattern: z.string().refine(isRegExp, { error: 'expected a valid regular expression' }),
    /** Also accept time booked on these keys, e.g. "meetings". */
    allow: z.array(z.string().min(1)).default([]),
  });

export default definePlugin({
  name: 'flowforge-plugin-issue-pattern',
  options,
  apply(kernel, { pattern, allow }, { logger }) {
    const matcher = new RegExp(pattern);
    logger.debug(`issue keys must match ${matcher}`);
    // `validate` runs after aggregation and before anything is written: every bad key is
    // reported at once, and nothing reaches the team layer until they are fixed.
    kernel.hooks.validate.tap('issue-pattern', (aggregation, validation) => {
      const bad = new Set(
        aggregation.buckets.map((bucket) => bucket.issue).filter((issue) => !matcher.test(issue) && !allow.includes(issue)),
      );
      for (const issue of bad) validation.fail(`issue "${issue}" does not match ${matcher}`);
    });
  },
});

function isRegExp(text) {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}
