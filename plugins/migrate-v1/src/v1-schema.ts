/**
 * A lenient reading of a v1 `.task-times.json` (every variant of `reference/v1-format.md`).
 *
 * v1 files were rewritten by `jq` from several scripts and forks and hand-merged after conflicts,
 * so nothing here is fatal except a file that is not a JSON object at all: a top-level key that is
 * not an issue is *skipped and reported*, an unreadable field becomes "absent", and an unreadable
 * session stays in place (as `undefined`) so that findings keep pointing at the right index.
 *
 * Instance ids (`user@hostname:pid:epoch`) are private and are dropped here, at the door: the only
 * thing kept from them is whether a session was written by the stale-timer clean-up.
 */
import { ISSUE_PATTERN } from '@flowforge/core/internal';
import { z } from 'zod';

/** The clean-up script wrote `instance_id: "cleanup"` and `reason: "Stale cleanup"` (variant 6). */
const CLEANUP_INSTANCE = 'cleanup';
const CLEANUP_REASON = /^stale[ _-]?cleanup$/i;

/** A number, or a string holding one (`jq` forks sometimes quoted them); anything else is absent. */
const lenientNumber = z
  .preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : value),
    z.number().nonnegative(),
  )
  .optional()
  .catch(undefined);

const optionalText = z.string().optional().catch(undefined);

const sessionSchema = z
  .object({
    start: z.unknown().optional(),
    end: z.unknown().optional(),
    duration: z.unknown().optional(),
    user: z.string().trim().min(1).optional().catch(undefined),
    reason: optionalText,
    notes: optionalText,
    instance_id: z.unknown().optional(),
  })
  .transform(({ instance_id, ...session }) => ({
    ...session,
    staleCleanup: instance_id === CLEANUP_INSTANCE || CLEANUP_REASON.test(session.reason?.trim() ?? ''),
  }));

const currentSessionSchema = z.object({
  start: z.unknown().optional(),
  user: z.string().trim().min(1).optional().catch(undefined),
});

const issueSchema = z.object({
  status: optionalText,
  sessions: z.array(z.unknown()).optional(),
  current_session: z.unknown().optional(),
  completed_at: z.unknown().optional(),
  total_time: lenientNumber,
  total_hours: lenientNumber,
  billable_hours: lenientNumber,
  metrics: z.object({ total_hours: lenientNumber }).optional().catch(undefined),
  stale_cleanup: z
    .object({ cleaned_at: optionalText, reason: optionalText })
    .optional()
    .catch(undefined),
});

/** One session as the interpreter needs it; no instance id, no hostname. */
export type V1Session = z.output<typeof sessionSchema>;

/** A running timer (`current_session`): `start` unread, `user` when there is one. */
export interface V1CurrentSession {
  start?: unknown;
  user?: string;
}

/** What v1 itself recorded as the issue's total, used as evidence for units and as a cross-check. */
export interface V1IssueTotals {
  /** `total_time`, seconds (the fork that wrote seconds). */
  totalTimeSeconds?: number;
  /** `total_hours`, written by `stop`. */
  totalHours?: number;
  /** `metrics.total_hours`, written by `stop` beside `total_hours`. */
  metricsTotalHours?: number;
  /** `billable_hours`, hours after the fork's billing rounding. */
  billableHours?: number;
}

export interface V1Issue {
  /** The top-level key, exactly as in the file. */
  key: string;
  status?: string;
  /** `undefined` where an entry is not a session object (reported by the interpreter). */
  sessions: (V1Session | undefined)[];
  /** Present when the file has a non-null `current_session`; `unreadable` when it is not an object. */
  currentSession?: V1CurrentSession | 'unreadable';
  completedAt: unknown;
  totals: V1IssueTotals;
  staleCleanup?: { cleanedAt?: string; reason?: string };
}

export interface SkippedKey {
  key: string;
  why: string;
}

export interface V1Document {
  issues: V1Issue[];
  skipped: SkippedKey[];
}

/** A JSON-style plain object (not an array, not null). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NUMERIC_KEY = /^\d+$/;

/**
 * Splits a parsed v1 file into issues and skipped keys. An issue is an object with a `sessions`
 * list, or under a numeric key an object that at least has a `status` or `current_session`
 * (a timer started and never paused has no sessions yet). Throws only when `json` is not an object.
 */
export function readV1Document(json: unknown): V1Document {
  if (!isRecord(json)) throw new TypeError('not a v1 time file: expected a JSON object keyed by issue number');
  const issues: V1Issue[] = [];
  const skipped: SkippedKey[] = [];
  for (const [key, value] of Object.entries(json)) {
    const read = readIssue(key, value);
    if ('why' in read) skipped.push(read);
    else issues.push(read);
  }
  return { issues, skipped };
}

function readIssue(key: string, value: unknown): V1Issue | SkippedKey {
  if (!isRecord(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return { key, why: `its value is ${kind}, not an issue object` };
  }
  const parsed = issueSchema.safeParse(value);
  if (!parsed.success) return { key, why: `its "sessions" is not a list` };
  const issue = parsed.data;
  const looksLikeIssue =
    issue.sessions !== undefined ||
    (NUMERIC_KEY.test(key) && (issue.status !== undefined || value.current_session !== undefined));
  if (!looksLikeIssue) return { key, why: 'it has no "sessions" list, so it is not an issue' };
  if (!ISSUE_PATTERN.test(key)) return { key, why: 'it is not a valid issue key (letters, digits, ". _ / -")' };
  return {
    key,
    ...(issue.status === undefined ? {} : { status: issue.status }),
    sessions: (issue.sessions ?? []).map((entry) => {
      const session = sessionSchema.safeParse(entry);
      return session.success ? session.data : undefined;
    }),
    ...readCurrentSession(issue.current_session),
    completedAt: issue.completed_at,
    totals: {
      totalTimeSeconds: issue.total_time,
      totalHours: issue.total_hours,
      metricsTotalHours: issue.metrics?.total_hours,
      billableHours: issue.billable_hours,
    },
    ...(issue.stale_cleanup
      ? { staleCleanup: { cleanedAt: issue.stale_cleanup.cleaned_at, reason: issue.stale_cleanup.reason } }
      : {}),
  };
}

/** `null` and absence both mean "no running timer" (variant 4). */
function readCurrentSession(value: unknown): Pick<V1Issue, 'currentSession'> {
  if (value === undefined || value === null) return {};
  const parsed = currentSessionSchema.safeParse(value);
  return { currentSession: parsed.success ? parsed.data : 'unreadable' };
}
