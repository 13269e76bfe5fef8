/**
 * `teamLayer`: the committed team time as a report reads it, for plugins, without file names,
 * shards, revisions or schema strings: those stay the store's to change.
 */
import type { PeriodBucket } from '../model/bucket.js';
import { periodStart } from '../report/build-report.js';
import { readTeamLayer } from '../team/read.js';
import { roundSeconds } from '../time/rounding.js';

/** Which buckets to read; each field left out reads them all. */
export interface TeamLayerFilter {
  /** Published identities (user ids, or their pseudonyms under the team's policy). */
  users?: readonly string[];
  /** Local days `YYYY-MM-DD`: periods that start on or after `from` and on or before `to`, as a report's range. */
  from?: string;
  to?: string;
}

export interface TeamTime {
  /**
   * One per user × issue × period, summed over the newest revision of every clone's files and of
   * imported history, with each one's bucket rounding applied as a report bills it. Ordered by
   * user, period, issue.
   */
  buckets: PeriodBucket[];
  /**
   * How many files of the layer were changed after FlowForge wrote them: a report still bills
   * them (so they are counted here), and `flowforge verify` names them.
   */
  alteredFiles: number;
}

export interface TeamLayerReader {
  /** What the team has committed in this work tree (see `TeamTime`). */
  read(filter?: TeamLayerFilter): Promise<TeamTime>;
}

export function teamLayerAt(repoRoot: string | (() => string)): TeamLayerReader {
  return {
    async read(filter = {}) {
      const layer = await readTeamLayer(typeof repoRoot === 'string' ? repoRoot : repoRoot());
      const users = filter.users ? new Set(filter.users) : null;
      const summed = new Map<string, PeriodBucket>();
      for (const file of layer.files) {
        if (users && !users.has(file.user)) continue;
        const rounding = file.rounding?.scope === 'bucket' ? file.rounding : null;
        for (const bucket of file.buckets) {
          const start = periodStart(bucket.period);
          if ((filter.from && start < filter.from) || (filter.to && start > filter.to)) continue;
          const billableSeconds = rounding ? roundSeconds(bucket.billableSeconds, rounding.incrementSeconds, rounding.mode) : bucket.billableSeconds;
          const key = `${file.user}\u0000${bucket.period}\u0000${bucket.issue}`;
          const known = summed.get(key);
          if (known) {
            known.seconds += bucket.seconds;
            known.billableSeconds += billableSeconds;
            known.entries += bucket.entries;
          } else summed.set(key, { user: file.user, issue: bucket.issue, period: bucket.period, seconds: bucket.seconds, billableSeconds, entries: bucket.entries });
        }
      }
      const buckets = [...summed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, bucket]) => bucket);
      return { buckets, alteredFiles: layer.altered.length };
    },
  };
}
