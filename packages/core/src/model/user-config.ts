import { hasShape, isString, optional } from './shape.js';

/** `.flowforge/user/<id>/config.json`: a developer's own preferences, never committed. */
export interface UserConfig {
  timezone?: string;
  [preference: string]: unknown;
}

/** Unknown keys are kept: a newer FlowForge may have written preferences this one does not know. */
export function isUserConfig(value: unknown): value is UserConfig {
  return hasShape(value, { timezone: optional(isString) }, { loose: true });
}
