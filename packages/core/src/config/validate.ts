import { flowForgeError } from '../errors.js';
import { toConfigIssues } from './issues.js';
import { configSchema, type FlowForgeConfig } from './schema.js';

/** The config checked against docs/configuration.md, defaults filled in; FF_CONFIG_INVALID names every problem. */
export function validateConfig(raw: unknown, file: string): FlowForgeConfig {
  const result = configSchema().safeParse(raw);
  if (result.success) return result.data;
  throw flowForgeError('FF_CONFIG_INVALID', { file, issues: toConfigIssues(result.error) });
}
