/**
 * `@flowforge/core/internal` — everything the CLI and the first-party plugins share: stores, file
 * formats, the report builder. Not an API: it changes with any release. Plugin authors import
 * `@flowforge/core` (`index.ts`), which this includes.
 */
export * from './index.js';
export { Kernel, type LifecycleResult, type RegisteredPlugin, type TapRecord } from './kernel.js';
export { bootKernel, type BootOptions, type Booted } from './boot.js';
export { CONFIG_SEARCH_PLACES, loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load.js';
export { validateConfig } from './config/validate.js';
export { configSchema, DEFAULT_PLUGINS } from './config/schema.js';
export { errorCatalogue, type ConfigIssue } from './errors.js';
export { attributed } from './attributed.js';
export { didYouMean } from './did-you-mean.js';
export { createLogger, type LogRecord, type LogSink } from './logger.js';
export { isValidUserId, USER_ID_PATTERN } from './model/user-id.js';
export type { RegisteredCommand } from './plugin-command.js';
export { checkPlugins, loadPlugins, usePlugin, type LoadPluginsOptions, type PreloadedPlugins } from './plugin-loader.js';
export { findRepoRoot } from './repo.js';
export { isValidTimeZone, systemTimeZone } from './time/zone.js';
export { zoneOffsetMs } from './time/offset.js';
export {
  appendRecords,
  readRecords,
  repairTornTail,
  type LogContents,
  type TornTail,
} from './store/append-log.js';
export { readJsonFile } from './store/atomic-write.js';
export { withLock, type LockOptions } from './store/lock.js';
export { quarantine } from './store/quarantine.js';
export { ignoreEverythingIn } from './store/git-ignored.js';
export { ensurePrivateDir, fsyncDirectory, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './store/private-dir.js';
export { QUARANTINE_DIR } from './store/quarantine.js';
export { namesIn } from './store/names-in.js';
export { sha256Hex } from './hash/sha256.js';
export { type ArchivedDay, parseArchive } from './store/month-archive.js';
export {
  readableSlug,
  readGitIdentity,
  recordUserId,
  resolveUserId,
  userIdOfEmail,
} from './identity.js';
export { ENTRY_ID_PATTERN, ISSUE_PATTERN, isTimeEntry } from './model/entry.js';
export { isJournalRecord, type JournalRecord } from './model/journal.js';
export {
  EMPTY_TIMER_STATE,
  isTimerState,
  type ActiveTimer,
  type PausedTimer,
  type TimerState,
} from './model/timer.js';
export { isUserConfig, type UserConfig } from './model/user-config.js';
export { UserStore, utcDayOf } from './store/user-store.js';
export {
  addEntry,
  addEntryOfDuration,
  editEntry,
  removeEntry,
  type EntryPatch,
} from './tracking/entries.js';
export { toUtcInstant, type Stretch } from './tracking/entry-writer.js';
export {
  pauseTimer,
  resumeTimer,
  startTimer,
  stopTimer,
  type TimerChange,
  type TimerContext,
} from './tracking/timer.js';
export {
  buildStatus,
  clipEntries,
  isoWeekStart,
  localDaysSpan,
  overlapSeconds,
  type LogEntryView,
  type StatusView,
  type StatusWarning,
} from './tracking/views.js';
export { addDays, daysBetween, isValidLocalDay } from './time/calendar.js';
export { startOfLocalDay } from './time/local-day.js';
export { localDateTimeToInstant } from './time/local-time.js';
export { parseIsoInstant } from './time/instant.js';
export { parseTimeInput, type TimeInputContext } from './time/time-input.js';
export { parseNow } from './time/now.js';
export { splitAtLocalMidnight, type LocalDayPiece } from './time/split.js';
export { isoWeek } from './time/iso-week.js';
export {
  monthOf,
  parsePeriod,
  periodOf,
  type Period,
  type PeriodKind,
} from './time/period.js';
export { currentBranch, issueOfBranch } from './tracking/branch-issue.js';
export { RELATIVE_PERIOD_NAMES, resolvePeriod, type RelativePeriodName } from './time/relative-period.js';
export { roundSeconds } from './time/rounding.js';
export { compareBuckets, compareIssues, piecesOf } from './aggregation/buckets.js';
export { CORE_PLUGIN_NAME } from './aggregation/core-plugin.js';
export { shardOfPeriod } from './aggregation/shards.js';
export { newestPerMonth, parseTeamFile, readTeamLayer, readTeamLayerAt, type TeamLayer } from './team/read.js';
export { teamColumnsOf, type TeamColumns } from './team/columns.js';
export { readTeamColumns } from './team/layer-cache.js';
export {
  bytesMatchName,
  parseTeamFilePath,
  renderTeamFile,
  TEAM_DIR,
  teamFilePath,
  teamFileProblems,
  teamShardDir,
  type TeamFile,
  type TeamFileName,
  type TeamShard,
  type TeamSource,
} from './team/team-file.js';
export { writeTeamFiles } from './team/write.js';
export {
  importedHistoryOf,
  planImportedHistory,
  writeImportedHistory,
  type HistoryMonth,
  type HistoryPlan,
  type ImportedHistory,
} from './team/imported-history.js';
export { aggregateUser, type AggregateUserRequest } from './aggregation/aggregate-user.js';
export {
  enqueueFailure,
  listQueue,
  QUEUE_DIR,
  settleQueue,
  type QueuedFailure,
} from './queue.js';
export { resolveUserZone } from './store/user-zone.js';
export { buildReport, coarsestGranularity, ORG_REPORT_KEYS, periodStart, REPORT_KEYS, ReportBuilder, type Rates, type ReportKey } from './report/build-report.js';
export { defaultRepoName, loadOrgFile, ORG_FILE_NAMES, parseConfigData, type OrgFile, type OrgRepo } from './org/org-file.js';
export { ratesOfRepo, ratesOfRepoConfig } from './org/org-rates.js';
export { ColumnsBuilder } from './team/columns.js';
export { catFileBatchObjects } from './team/cat-file-batch.js';
export { MAX_SMALL_FILE_BYTES } from './store/contained.js';
export type { RegularFileRead } from './store/regular-file.js';
export { loadConfigCached, loadSettings, type Settings } from './config/settings.js';
export { recordAudit } from './recovery/append-audit.js';
export {
  AUDIT_SCHEMA,
  auditDir,
  auditRecordProblems,
  parseAuditRecordPath,
  RECOVERY_DIR,
  type AuditRecord,
} from './recovery/audit-record.js';
export { verifyFoundFiles, verifyTeamData } from './recovery/verify.js';
export { VERIFY_SCHEMA, type VerifyProblem, type VerifyReport, type VerifySeverity } from './recovery/verify-report.js';
export type { PublishRequest, RegisteredProvider } from './providers/publish-stage.js';
export { createFileDurably } from './store/create-file.js';
export { uniqueSuffix } from './store/unique-suffix.js';
export { unlinkIfPresent } from './store/unlink-if-present.js';
export { fileStamp, stampOf } from './store/file-stamp.js';
export { MAX_CACHE_BYTES, readJsonCache } from './store/runtime-cache.js';
export { readIfRegular } from './store/regular-file.js';
export { CLONE_ID_FILE, CLONE_ID_PATTERN } from './model/clone-id.js';
export { writeCacheFile } from './store/cache-file.js';
export { assertRealFolders, readRegularFile } from './store/contained.js';
export { guardRepo } from './repo-guard.js';
export { printable } from './printable.js';
export { privateLogFor, type PrivateLogAccess } from './capabilities/private-log.js';
export { teamLayerAt } from './capabilities/team-layer.js';
export { commandCapabilities } from './capabilities/command-capabilities.js';
export { cutAtUtcMidnights } from './tracking/entry-writer.js';
