import { type Check, isString, matches, optional, shapeOf } from './shape.js';

/** ISO-8601 UTC instants with whole seconds, as every FlowForge file stores them. */
export const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const ISSUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
export const ENTRY_ID_PATTERN = /^[0-9a-z]{6,12}$/;
/** The name of what imported an entry kept out of aggregation (`v1`, a plugin's importer). */
export const SOURCE_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** One stretch of tracked time in a developer's private layer. */
export interface TimeEntry {
  id: string;
  issue: string;
  start: string;
  end: string;
  billable: boolean;
  note?: string;
  /**
   * Set on an entry imported to be kept out of aggregation (`privateLog.import` with
   * `publish: false`), naming its importer: `v1` for a session imported by `flowforge migrate v2`,
   * kept in the developer's log for their own history but billed from the imported team history.
   * Aggregation leaves out every entry that has a source.
   */
  source?: string;
}

export const isUtcInstant = matches(UTC_INSTANT);

export const isTimeEntry: Check = shapeOf({
  id: matches(ENTRY_ID_PATTERN),
  issue: matches(ISSUE_PATTERN),
  start: isUtcInstant,
  end: isUtcInstant,
  billable: (flag) => typeof flag === 'boolean',
  note: optional(isString),
  source: optional(matches(SOURCE_PATTERN)),
});
