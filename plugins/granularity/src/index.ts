import { definePlugin } from '@flowforge/core';
import { granularityOptionsSchema } from './options.js';

export { granularityOptionsSchema, type GranularityOptions } from './options.js';

/**
 * Decides what detail reaches the team layer: period, identity and rounding (SPEC §6).
 * Its options are validated now; its `aggregate` tap arrives with the aggregation issue (#4),
 * and until then the kernel publishes nothing to the team layer.
 */
export default definePlugin({
  name: '@flowforge/plugin-granularity',
  options: granularityOptionsSchema,
  apply() {},
});
