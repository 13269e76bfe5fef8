import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script, without types
import { apiReport } from '../scripts/api-report.mjs';

/**
 * What plugin authors may use is what `api/public-api.txt` says: a change to the public entry
 * fails here until the report is updated (`node packages/core/scripts/api-report.mjs --write`)
 * and the diff is reviewed with the change.
 */
it('exports exactly the reviewed public API', { timeout: 60_000 }, () => {
  const reviewed = readFileSync(new URL('../api/public-api.txt', import.meta.url), 'utf8');
  expect((apiReport as () => string)()).toBe(reviewed);
});
