/**
 * `@flowforge/core/internal` — everything the CLI and the first-party plugins share: stores, file
 * formats, the report builder. Not an API: it changes with any release. Plugin authors import
 * `@flowforge/core` (`index.ts`), which this includes.
 */
export * from './index.js';
export { bootKernel, type BootOptions, type Booted } from './boot.js';
export { CONFIG_SEARCH_PLACES, loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load.js';
export { validateConfig } from './config/validate.js';
export {
  configSchema,
  DEFAULT_PLUGINS,
  defineConfig,
  type FlowForgeConfig,
  type FlowForgeConfigInput,
  type PluginEntry,
} from './config/schema.js';
export {
  errorCatalogue,
  FlowForgeError,
  flowForgeError,
  isFlowForgeError,
  type ConfigIssue,
  type ErrorCode,
} from './errors.js';
export {
  COMMAND_HOOKS,
  LIFECYCLE,
  TRIGGERS,
  type MigrationProgress,
  type MigrationReport,
  type MigrationRequest,
  type Aggregation,
  type Collection,
  type EntryPiece,
  type RoundingPolicy,
  type RunRequest,
  type StageName,
  type TeamFileChanges,
  TRACKING_STAGES,
  type HookName,
  type LifecycleHooks,
  type RunContext,
  type Trigger,
  type Validation,
  type ValidationFailure,
} from './hooks.js';
export { Kernel, type LifecycleResult, type RegisteredPlugin, type TapRecord } from './kernel.js';
export { attributed } from './attributed.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LogRecord, type LogSink } from './logger.js';
export type { PeriodBucket } from './model/bucket.js';
export type { TimeEntry } from './model/entry.js';
export { isValidUserId, USER_ID_PATTERN } from './model/user-id.js';
export { definePlugin, type FlowForgePlugin, type PluginContext, type PluginSource } from './plugin.js';
export type { CommandArgument, CommandContext, CommandOption, PluginCommand, RegisteredCommand } from './plugin-command.js';
export { loadPlugins, usePlugin, type LoadPluginsOptions, type PreloadedPlugins } from './plugin-loader.js';
export { findRepoRoot } from './repo.js';
export { isValidTimeZone, systemTimeZone } from './time/zone.js';
export { zoneOffsetMs } from './time/offset.js';
export { formatDuration, parseDuration } from './time/duration.js';
/** The zod that validates plugin options; plugins use it so their schemas match the kernel's. */
export { z } from 'zod';
export { appendRecords, readRecords, repairTornTail, type LogContents, type TornTail } from './store/append-log.js';
export { readJsonFile, writeFileAtomic, type WriteFileAtomicOptions } from './store/atomic-write.js';
export { withLock, type LockOptions } from './store/lock.js';
export { quarantine } from './store/quarantine.js';
export { ignoreEverythingIn } from './store/git-ignored.js';
export { ensurePrivateDir, fsyncDirectory, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './store/private-dir.js';
export { QUARANTINE_DIR } from './store/quarantine.js';
export { namesIn } from './store/names-in.js';
export { sha256Hex } from './hash/sha256.js';
export { type ArchivedDay, parseArchive } from './store/month-archive.js';
export { readableSlug, readGitIdentity, recordUserId, resolveUserId, userIdOfEmail } from './identity.js';
export { ENTRY_ID_PATTERN, ISSUE_PATTERN, isTimeEntry } from './model/entry.js';
export { isJournalRecord, type JournalRecord } from './model/journal.js';
export { EMPTY_TIMER_STATE, isTimerState, type ActiveTimer, type PausedTimer, type TimerState } from './model/timer.js';
export { isUserConfig, type UserConfig } from './model/user-config.js';
export { UserStore, utcDayOf } from './store/user-store.js';
export { addEntry, addEntryOfDuration, editEntry, removeEntry, type EntryPatch } from './tracking/entries.js';
export { toUtcInstant, type Stretch } from './tracking/entry-writer.js';
export { pauseTimer, resumeTimer, startTimer, stopTimer, type TimerChange, type TimerContext } from './tracking/timer.js';
export { buildStatus, clipEntries, isoWeekStart, localDaysSpan, overlapSeconds, type LogEntryView, type StatusView, type StatusWarning } from './tracking/views.js';
export { addDays, daysBetween, isValidLocalDay } from './time/calendar.js';
export { localDay, startOfLocalDay } from './time/local-day.js';
export { localDateTimeToInstant } from './time/local-time.js';
export { parseIsoInstant } from './time/instant.js';
export { parseTimeInput, type TimeInputContext } from './time/time-input.js';
export { currentMs, currentMsOrClock, parseNow } from './time/now.js';
export { splitAtLocalMidnight, type LocalDayPiece } from './time/split.js';
export { isoWeek } from './time/iso-week.js';
export { monthOf, parsePeriod, periodOf, type Granularity, type Period, type PeriodKind } from './time/period.js';
export { roundSeconds, type RoundingMode } from './time/rounding.js';
export { bucketsOf, compareBuckets, compareIssues, piecesOf } from './aggregation/buckets.js';
export { CORE_PLUGIN_NAME } from './aggregation/core-plugin.js';
export { shardOfPeriod } from './aggregation/shards.js';
export { newestPerMonth, readTeamLayer, readTeamLayerAt, type TeamLayer } from './team/read.js';
export { teamColumnsOf, type TeamColumns } from './team/columns.js';
export { readTeamColumns } from './team/layer-cache.js';
export { parseTeamFilePath, renderTeamFile, TEAM_DIR, teamFilePath, teamFileProblems, teamShardDir, type TeamFile, type TeamFileName, type TeamShard, type TeamSource } from './team/team-file.js';
export { writeTeamFiles } from './team/write.js';
export { aggregateUser, type AggregateUserRequest } from './aggregation/aggregate-user.js';
export { enqueueFailure, listQueue, QUEUE_DIR, settleQueue, type QueuedFailure } from './queue.js';
export { resolveUserZone } from './store/user-zone.js';
export { buildReport, periodStart, REPORT_KEYS, toHours, type Report, type ReportKey, type ReportRow } from './report/build-report.js';
export { issueTotals, type IssueContributor, type IssueTotals, type IssueTotalsOptions } from './report/issue-totals.js';
export { loadSettings, type Settings } from './config/settings.js';
export { recordAudit } from './recovery/append-audit.js';
export { AUDIT_SCHEMA, auditDir, auditRecordProblems, parseAuditRecordPath, RECOVERY_DIR, type AuditRecord } from './recovery/audit-record.js';
export { verifyTeamData } from './recovery/verify.js';
export { VERIFY_SCHEMA, type VerifyProblem, type VerifyReport, type VerifySeverity } from './recovery/verify-report.js';
export { httpStatusOf } from './providers/http-status.js';
export { redact, redactError, redactingLogger } from './providers/redact.js';
export {
  providerShortName,
  type PlannedChange,
  type Provider,
  type ProviderChange,
  type ProviderContext,
  type ProviderToken,
  type PublishTotals,
} from './providers/provider.js';
export { publishTotals, type PublishOutcome, type PublishRequest, type RegisteredProvider } from './providers/publish-stage.js';
export { createFileDurably } from './store/create-file.js';
export { uniqueSuffix } from './store/unique-suffix.js';
export { unlinkIfPresent } from './store/unlink-if-present.js';
export { fileStamp, stampOf } from './store/file-stamp.js';
export { readJsonCache } from './store/runtime-cache.js';
export { CLONE_ID_FILE, CLONE_ID_PATTERN } from './model/clone-id.js';
export { writeCacheFile } from './store/cache-file.js';
export { assertRealFolders, readRegularFile } from './store/contained.js';
export { guardRepo } from './repo-guard.js';
export { printable } from './printable.js';
export { doctorChecksOf } from './doctor-check.js';
