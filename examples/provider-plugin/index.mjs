// An example third-party provider, written as its author would publish it: plain ESM, only
// `@flowforge/core` (and Node's own modules) imported. It drops the hours per issue into
// `<dir>/hours.csv` for a spreadsheet or a payroll import to pick up. A provider for an HTTP API
// has the same shape: swap the file for requests, and read its token from the environment.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { definePlugin, issueTotals, tapProvider, toHours, writeFileAtomic, z } from '@flowforge/core';

const NAME = 'flowforge-provider-csv';
const HEADER = 'issue,hours,billable_hours';

export default definePlugin({
  name: NAME,
  options: z.strictObject({
    /** The folder that receives hours.csv, relative to the config file's folder. */
    dir: z.string().min(1, { error: 'expected a folder, e.g. "exports"' }),
  }),
  apply(kernel, { dir }, { configDir, logger }) {
    const file = resolve(configDir, dir, 'hours.csv');
    // `tapProvider` makes it act on `flowforge publish` only (never in the pre-commit hook or the
    // daemon), and only when no provider, `--provider csv` or the package name was asked for.
    // This provider needs no token; an HTTP one would name its environment variable in `token`.
    tapProvider(kernel, { name: NAME, publish: async (aggregation, context) => {

      // Totals per issue over every user and period of the team layer: no times of day, no notes.
      const rows = issueTotals(aggregation.buckets).map((totals) => ({
        issue: totals.issue,
        // Issue keys are letters, digits and `._/-` (FlowForge refuses others), so no cell needs quotes.
        line: [totals.issue, hours(totals.seconds), hours(totals.billableSeconds)].join(','),
      }));
      const published = await readPublished(file);

      // One change per issue, like the first-party providers: what was (or would be) done.
      const changes = rows.map(({ issue, line }) => {
        const before = published.get(issue);
        const action = before === undefined ? 'create' : before === line ? 'unchanged' : 'update';
        const detail = action === 'unchanged' ? `row in ${file} is up to date` : `${context.dryRun ? 'would write' : 'wrote'} ${line}`;
        return { provider: 'csv', issue, action, detail };
      });
      const changed = changes.some((change) => change.action !== 'unchanged') || published.size !== rows.length;
      if (changed && !context.dryRun) {
        // Whole-file, atomic: a reader never sees half a CSV. Same totals, same bytes: no write.
        await writeFileAtomic(file, `${[HEADER, ...rows.map((row) => row.line)].join('\n')}\n`, { mode: 0o644 });
        logger.debug(`wrote ${rows.length} row(s) to ${file}`);
      }
      return changes;
    } });
  },
});

/** The rows of the last drop, by issue; none when there is no file yet. */
async function readPublished(file) {
  const text = await readFile(file, 'utf8').catch((error) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const published = new Map();
  for (const line of text.split('\n').slice(1).filter(Boolean)) published.set(line.split(',')[0], line);
  return published;
}

const hours = (seconds) => toHours(seconds).toFixed(2);

