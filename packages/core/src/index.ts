/**
 * @flowforge/core — the public API for commands, plugins and config files.
 * Plugins import only from here (ARCHITECTURE: data flows CLI → kernel → hooks → plugins → stores).
 */
export { bootKernel, type BootOptions, type Booted } from './boot.js';
export { CONFIG_SEARCH_PLACES, loadConfig, validateConfig, type LoadConfigOptions, type LoadedConfig } from './config/load.js';
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
  LIFECYCLE,
  TRIGGERS,
  type Aggregation,
  type Collection,
  type HookName,
  type LifecycleHooks,
  type RunContext,
  type Trigger,
  type Validation,
  type ValidationFailure,
} from './hooks.js';
export { Kernel, type LifecycleResult, type RegisteredPlugin, type TapRecord } from './kernel.js';
export { createLogger, type Logger, type LogLevel, type LogRecord, type LogSink } from './logger.js';
export type { PeriodBucket } from './model/bucket.js';
export type { TimeEntry } from './model/entry.js';
export { isValidUserId, USER_ID_PATTERN } from './model/user-id.js';
export { definePlugin, type FlowForgePlugin, type PluginContext, type PluginSource } from './plugin.js';
export { loadPlugins, type LoadPluginsOptions } from './plugin-loader.js';
export { findRepoRoot } from './repo.js';
export { isValidTimeZone } from './time/zone.js';
export { formatDuration, parseDuration } from './time/duration.js';
/** The zod that validates plugin options; plugins use it so their schemas match the kernel's. */
export { z } from 'zod';
