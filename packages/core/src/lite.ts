/**
 * `@flowforge/core/lite`: the parts of core that load neither zod, cosmiconfig nor tapable, for
 * the commands a developer runs all day (`start`, `stop`, `status`, `log`, `report`). The full
 * API, plugins and the kernel are in `@flowforge/core`.
 */
export { DEFAULT_STALE_TIMER_HOURS } from './config/defaults.js';
export { loadConfigCached, loadSettings, type Settings } from './config/settings.js';
export { flowForgeError, isFlowForgeError, reasonOf, FlowForgeError } from './errors.js';
export { resolveUserId } from './identity.js';
export { ENTRY_ID_PATTERN, ISSUE_PATTERN, type TimeEntry } from './model/entry.js';
export type { TimerState } from './model/timer.js';
export { QUEUE_DIR, queuedNames } from './queue.js';
export { checkPlugins, type LoadPluginsOptions, type PreloadedPlugins } from './plugin-loader.js';
export { findRepoRoot } from './repo.js';
export { buildReport, coarsestGranularity, periodStart, REPORT_KEYS, type Report, type ReportKey, type ReportRow } from './report/build-report.js';
export { isProcessAlive } from './store/process-alive.js';
export { UserStore } from './store/user-store.js';
export { resolveUserZone } from './store/user-zone.js';
export { readTeamLayer, readTeamLayerAt } from './team/read.js';
export { teamColumnsOf, type TeamColumns } from './team/columns.js';
export { TEAM_DIR } from './team/team-file.js';
export { readTeamColumns } from './team/layer-cache.js';
export { verifyTeamData } from './recovery/verify.js';
export { VERIFY_SCHEMA, type VerifyProblem, type VerifyReport } from './recovery/verify-report.js';
export { addDays, daysBetween, isValidLocalDay } from './time/calendar.js';
export { formatDuration, parseDuration } from './time/duration.js';
export { localDay, startOfLocalDay } from './time/local-day.js';
export { currentMs, currentMsOrClock, parseNow } from './time/now.js';
export { coarserGranularity, monthOf, parsePeriod, periodOf, type Granularity } from './time/period.js';
export { resolvePeriod } from './time/relative-period.js';
export { parseTimeInput } from './time/time-input.js';
export { zoneOffsetMs } from './time/offset.js';
export { systemTimeZone } from './time/zone.js';
export { currentBranch, issueOfBranch } from './tracking/branch-issue.js';
export { addEntry, addEntryOfDuration, editEntry, removeEntry, type EntryPatch } from './tracking/entries.js';
export { toUtcInstant } from './tracking/entry-writer.js';
export { pauseTimer, resumeTimer, startTimer, stopTimer, type TimerContext } from './tracking/timer.js';
export { buildStatus, clipEntries, isoWeekStart, localDaysSpan } from './tracking/views.js';
export { printable } from './printable.js';
