// An example third-party provider, written as its author would publish it: plain ESM, only
// `@flowforge/core` (and Node's own modules) imported. It drops the hours per issue into
// `<dir>/hours.csv` for a spreadsheet or a payroll import to pick up. A provider for an HTTP API
// has the same shape: `plan` reads the service, `apply` writes one change, and `token` names the
// environment variable the kernel reads its token from.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { definePlugin, toHours, writeFileAtomic, z } from '@flowforge/core';

const HEADER = 'issue,hours,billable_hours';

export default definePlugin({
  name: 'flowforge-provider-csv',
  options: z.strictObject({
    /** The folder that receives hours.csv, relative to the config file's folder. */
    dir: z.string().min(1, { error: 'expected a folder, e.g. "exports"' }),
  }),
  apply(kernel, { dir }, { configDir }) {
    const file = resolve(configDir, dir, 'hours.csv');
    // The kernel calls `plan` on `flowforge publish` (never in the pre-commit hook or the daemon),
    // and `apply` for each planned `create` or `update` unless it is a dry run; `--provider csv`
    // or `--provider flowforge-provider-csv` runs this provider alone.
    kernel.addProvider({
      name: 'csv',
      async plan(totals) {
        // Totals per issue over every user and period of the team layer: no times of day, no notes.
        // Issue keys are letters, digits and `._/-` (FlowForge refuses others), so no cell needs quotes.
        const lines = totals.issues.map((issue) => [issue.issue, hours(issue.seconds), hours(issue.billableSeconds)].join(','));
        const wanted = `${[HEADER, ...lines].join('\n')}\n`;
        const published = await readPublished(file);
        // One change per issue, like the first-party providers; a row of an issue no longer in the
        // team layer makes the first issue's row an update, so the file is written without it.
        const stale = [...published.keys()].some((issue) => !totals.issues.some((totalsOf) => totalsOf.issue === issue));
        return totals.issues.map((issue, i) => {
          const line = lines[i];
          const before = published.get(issue.issue);
          const action = before === undefined ? 'create' : before !== line || (stale && i === 0) ? 'update' : 'unchanged';
          const detail = action === 'unchanged' ? `row in ${file} is up to date` : `write ${line}`;
          return { issue: issue.issue, action, detail, data: { line, file: wanted } };
        });
      },
      async apply(change) {
        // The whole file, atomically (a reader never sees half a CSV), with every row: applying
        // one change or all of them leaves the same bytes.
        await writeFileAtomic(file, change.data.file, { mode: 0o644 });
        return `wrote ${change.data.line}`;
      },
    });
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
