/**
 * `@flowforge/core` — the API for plugin authors and config files, and nothing else: declaring a
 * plugin and its options, the lifecycle's hooks and the values that flow through them, providers,
 * commands, errors and logging. What is exported here is recorded in `api/public-api.txt`, so
 * that every change to it is reviewed (`test/public-api.test.ts`). The CLI and the first-party
 * plugins also use `@flowforge/core/internal`.
 */
export { defineConfig, type FlowForgeConfig, type FlowForgeConfigInput, type PluginEntry } from './config/schema.js';
export { defineErrors, FlowForgeError, flowForgeError, isFlowForgeError, type ErrorCatalogue, type ErrorCode, type ErrorText } from './errors.js';
export {
  COMMAND_HOOKS,
  LIFECYCLE,
  TRACKING_STAGES,
  TRIGGERS,
  type Aggregation,
  type Collection,
  type EntryPiece,
  type HookName,
  type LifecycleHooks,
  type MigrationProgress,
  type MigrationReport,
  type MigrationRequest,
  type RoundingPolicy,
  type RunContext,
  type RunRequest,
  type StageName,
  type TeamFileChanges,
  type Trigger,
  type Validation,
  type ValidationFailure,
} from './hooks.js';
export type { PluginKernel } from './kernel.js';
export { silentLogger, type Logger, type LogLevel, type LogRecord } from './logger.js';
export type { PeriodBucket } from './model/bucket.js';
export type { TimeEntry } from './model/entry.js';
export { definePlugin, type FlowForgePlugin, type PluginContext, type PluginSource } from './plugin.js';
export type { CommandArgument, CommandContext, CommandExample, CommandOption, PluginCommand } from './plugin-command.js';
export { bucketsOf } from './aggregation/buckets.js';
export { httpStatusOf } from './providers/http-status.js';
export {
  providerShortName,
  type PlannedChange,
  type Provider,
  type ProviderChange,
  type ProviderContext,
  type ProviderToken,
  type PublishTotals,
} from './providers/provider.js';
export type { PublishOutcome } from './providers/publish-stage.js';
export { redact, redactError, redactingLogger } from './providers/redact.js';
export { issueTotals, type IssueContributor, type IssueTotals, type IssueTotalsOptions } from './report/issue-totals.js';
export { toHours, type Report, type ReportRow } from './report/build-report.js';
export { writeFileAtomic, type WriteFileAtomicOptions } from './store/atomic-write.js';
export { formatDuration, parseDuration } from './time/duration.js';
export { localDay } from './time/local-day.js';
export { currentMs, currentMsOrClock } from './time/now.js';
export type { Granularity } from './time/period.js';
export type { RoundingMode } from './time/rounding.js';
/** The zod that validates plugin options; plugins use it so their schemas match the kernel's. */
export { z } from 'zod';
/** Terminal styles and tables, for plugin commands' output as for FlowForge's (also `@flowforge/core/terminal`). */
export { bold, columns, dim, red, yellow } from './terminal.js';
export type { ImportedEntry, ImportOptions, ImportResult, Instant, PrivateLog, Span } from './capabilities/private-log.js';
export type { TeamLayerFilter, TeamLayerReader, TeamTime } from './capabilities/team-layer.js';
export type { DoctorCheck, DoctorCheckContext, DoctorFinding, DoctorStatus } from './doctor-check.js';
