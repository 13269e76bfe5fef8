import { shardOfPeriod } from '../aggregation/shards.js';
import type { RoundingPolicy } from '../hooks.js';
import type { PeriodBucket } from '../model/bucket.js';
import { CLONE_ID_PATTERN } from '../model/clone-id.js';
import { ISSUE_PATTERN } from '../model/entry.js';
import { isCount, isObject } from '../model/shape.js';
import { USER_ID_PATTERN } from '../model/user-id.js';
import type { Granularity } from '../time/period.js';
import { isValidLocalDay } from '../time/calendar.js';
import { isoWeekMonday } from '../time/iso-week.js';
import { sha256Hex } from '../hash/sha256.js';

export const TEAM_DIR = '.flowforge/team';
export const TEAM_SCHEMA = 'flowforge.team/1';

/**
 * One committed file: a user's buckets for one local month, from one clone's private layer. Its
 * name carries the clone (the shard it belongs to), the revision of the private data it came from
 * and a hash of its bytes — `.flowforge/team/<user>/<clone>/<YYYY-MM>.r<revision>.<hash>.json` — so
 * a file is never edited: each aggregation that changes a month adds a new file, and readers take
 * the highest revision of each clone and sum the clones. Two branches that each aggregated the
 * same month add two different paths, and git never has two versions of one file to conflict over
 * (see `write.ts` for why older tracked files stay).
 */
export interface TeamFile {
  schema: typeof TEAM_SCHEMA;
  user: string;
  month: string;
  revision: number;
  granularity: Granularity;
  rounding: RoundingPolicy | null;
  buckets: Omit<PeriodBucket, 'user'>[];
}

/** The only keys a bucket may carry into git (docs/tracking.md, "Where the data lives": no time of day, note, host or instance id). */
export const BUCKET_KEYS = ['issue', 'period', 'seconds', 'billableSeconds', 'entries'] as const;
const FILE_KEYS = ['schema', 'user', 'month', 'revision', 'granularity', 'rounding', 'buckets'];
const ROUNDING_KEYS = ['incrementSeconds', 'mode', 'scope'];

/** Canonical bytes: fixed key order, one bucket a line (readable diffs), a final newline. */
export function renderTeamFile(file: TeamFile): string {
  const buckets = file.buckets.map((bucket) =>
    JSON.stringify({ issue: bucket.issue, period: bucket.period, seconds: bucket.seconds, billableSeconds: bucket.billableSeconds, entries: bucket.entries }),
  );
  const rounding = file.rounding && { incrementSeconds: file.rounding.incrementSeconds, mode: file.rounding.mode, scope: file.rounding.scope };
  return [
    '{',
    `  "schema": ${JSON.stringify(file.schema)},`,
    `  "user": ${JSON.stringify(file.user)},`,
    `  "month": ${JSON.stringify(file.month)},`,
    `  "revision": ${file.revision},`,
    `  "granularity": ${JSON.stringify(file.granularity)},`,
    `  "rounding": ${JSON.stringify(rounding)},`,
    buckets.length === 0 ? '  "buckets": []' : `  "buckets": [\n    ${buckets.join(',\n    ')}\n  ]`,
    '}',
    '',
  ].join('\n');
}

/**
 * Where a team file's time came from: `tracked` by the user's own FlowForge in one clone, or
 * imported from `v1` data (`.flowforge/team/<user>/v1/…`). Each has its own files and revisions,
 * and reports add them up; the user's aggregation never removes imported history.
 */
export type TeamSource = 'tracked' | 'v1';

/** The folder one writer's files live in: a clone's shard of tracked time, or imported v1 history. */
export type TeamShard = { source: 'tracked'; clone: string } | { source: 'v1' };

export function teamShardDir(user: string, shard: TeamShard): string {
  return `${TEAM_DIR}/${user}/${shard.source === 'v1' ? 'v1' : shard.clone}`;
}

export function teamFilePath(file: TeamFile, bytes: string, shard: TeamShard): string {
  return `${teamShardDir(file.user, shard)}/${file.month}.r${file.revision}.${sha256Hex(bytes).slice(0, 12)}.json`;
}

/**
 * Whether `bytes` are what the file at `path` was written with: its name holds the start of their
 * SHA-256. A file edited after it was written (by hand, a bad merge, or to bill more) does not match.
 */
export function bytesMatchName(path: string, bytes: Uint8Array): boolean {
  return parseTeamFilePath(path)?.hash === sha256Hex(bytes).slice(0, 12);
}

/** The parts of a team file's path. `clone` is `null` for v1 history and for files written before clones had shards. */
export interface TeamFileName {
  user: string;
  source: TeamSource;
  clone: string | null;
  month: string;
  revision: number;
  hash: string;
}

const CLONE = CLONE_ID_PATTERN.source.slice(1, -1);
const NAME = new RegExp(`^\\.flowforge/team/([^/]+)/(?:(v1)/|(${CLONE})/)?(\\d{4}-\\d{2})\\.r(\\d+)\\.([0-9a-f]{12})\\.json$`);

/** The parts of a team file's path, or `null` for anything else under `.flowforge/team/`. */
export function parseTeamFilePath(path: string): TeamFileName | null {
  const match = NAME.exec(path);
  if (!match) return null;
  return {
    user: match[1] as string,
    source: match[2] ? 'v1' : 'tracked',
    clone: match[3] ?? null,
    month: match[4] as string,
    revision: Number(match[5]),
    hash: match[6] as string,
  };
}

/**
 * Every way `value` differs from what FlowForge writes: wrong types, a key outside the privacy
 * allowlist, a bucket outside its month's file, and what no aggregation can give — a day that is
 * not on the calendar, more time than its period holds, more billable time than the recorded
 * rounding can add, entries without time. Hand-written rather than zod so that reports, which
 * read hundreds of these, start fast.
 */
export function teamFileProblems(value: unknown, path?: string): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return ['not a JSON object'];
  for (const key of Object.keys(value)) if (!FILE_KEYS.includes(key)) problems.push(`unexpected key "${key}" (not allowed in the team layer)`);
  if (value.schema !== TEAM_SCHEMA) problems.push(`schema is not "${TEAM_SCHEMA}"`);
  if (typeof value.user !== 'string' || !USER_ID_PATTERN.test(value.user)) problems.push('user is not a user id');
  if (typeof value.month !== 'string' || !isMonth(value.month)) problems.push('month is not YYYY-MM');
  if (!isCount(value.revision)) problems.push('revision is not a whole number');
  if (value.granularity !== 'day' && value.granularity !== 'week' && value.granularity !== 'month') problems.push('granularity is not day, week or month');
  const rounding = value.rounding;
  if (rounding !== null) {
    if (
      !isObject(rounding) ||
      Object.keys(rounding).some((key) => !ROUNDING_KEYS.includes(key)) ||
      !isCount(rounding.incrementSeconds) ||
      !['up', 'nearest', 'down'].includes(rounding.mode as string) ||
      !['entry', 'bucket'].includes(rounding.scope as string)
    )
      problems.push('rounding is not { incrementSeconds, mode, scope } or null');
  }
  if (!Array.isArray(value.buckets)) problems.push('buckets is not a list');
  else
    value.buckets.forEach((bucket: unknown, index: number) => {
      const where = `buckets[${index}]`;
      if (!isObject(bucket)) return void problems.push(`${where} is not an object`);
      for (const key of Object.keys(bucket))
        if (!(BUCKET_KEYS as readonly string[]).includes(key)) problems.push(`${where} has "${key}", which is not allowed in the team layer`);
      if (typeof bucket.issue !== 'string' || !ISSUE_PATTERN.test(bucket.issue)) problems.push(`${where}.issue is not an issue key`);
      const period = bucket.period;
      const granularity = value.granularity as Granularity;
      if (typeof period !== 'string' || !periodMatches(period, granularity)) problems.push(`${where}.period${typeof period === 'string' ? ` ${JSON.stringify(period.slice(0, 40))}` : ''} is not a ${value.granularity} on the calendar`);
      else if ((granularity === 'week' ? shardOfPeriod(period) : period.slice(0, 7)) !== value.month)
        problems.push(`${where}.period ${period} belongs in another month's file`);
      const counts = ['seconds', 'billableSeconds', 'entries'] as const;
      for (const key of counts) if (!isCount(bucket[key])) problems.push(`${where}.${key} is not a whole number ≥ 0`);
      if (!counts.every((key) => isCount(bucket[key]))) return;
      const [seconds, billable, entries] = counts.map((key) => bucket[key] as number) as [number, number, number];
      if (typeof period === 'string' && periodMatches(period, granularity) && seconds > MAX_SECONDS[granularity])
        problems.push(`${where}.seconds ${seconds} is more than a ${granularity} holds`);
      if ((seconds === 0) !== (entries === 0) || entries > seconds) problems.push(`${where} counts ${entries} entries for ${seconds} s (each entry has a second at least)`);
      const most = billableAtMost(seconds, entries, isObject(rounding) ? rounding : null);
      if (billable > most) problems.push(`${where}.billableSeconds ${billable} is more than ${seconds} s tracked can bill with the recorded rounding (at most ${most})`);
    });
  if (path) {
    const name = parseTeamFilePath(path);
    if (!name) problems.push('its name is not <user>/<clone or v1>/<YYYY-MM>.r<revision>.<hash>.json');
    else if (name.user !== value.user || name.month !== value.month || name.revision !== value.revision)
      problems.push('its name does not match its user, month and revision');
  }
  return problems;
}

/** The longest a period can be, in seconds: its days, and the hour a DST change adds. */
const MAX_SECONDS: Record<Granularity, number> = { day: 25 * 3600, week: 7 * 24 * 3600 + 3600, month: 31 * 24 * 3600 + 3600 };

/**
 * The most billable time `seconds` of `entries` can give: rounding per entry may round each of
 * them up by less than an increment (`up`) or half of one (`nearest`); otherwise no more than was
 * tracked (rounding per bucket is the report's, non-billable time bills nothing).
 */
function billableAtMost(seconds: number, entries: number, rounding: Record<string, unknown> | null): number {
  if (rounding?.scope !== 'entry' || !isCount(rounding.incrementSeconds)) return seconds;
  const increment = rounding.incrementSeconds as number;
  if (rounding.mode === 'up') return seconds + entries * increment;
  if (rounding.mode === 'nearest') return seconds + entries * Math.ceil(increment / 2);
  return seconds;
}

const isMonth = (text: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

function periodMatches(period: string, granularity: unknown): boolean {
  if (granularity === 'day') return /^\d{4}-\d{2}-\d{2}$/.test(period) && isValidLocalDay(period);
  if (granularity === 'week') {
    const week = /^(\d{4})-W(\d{2})$/.exec(period);
    return week !== null && isoWeekMonday(Number(week[1]), Number(week[2])) !== null;
  }
  return isMonth(period);
}
