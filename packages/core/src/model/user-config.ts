import { z } from 'zod';

/** `.flowforge/user/<id>/config.json`: a developer's own preferences, never committed. */
export const userConfigSchema = z.looseObject({
  timezone: z.string().optional(),
});

export type UserConfig = z.output<typeof userConfigSchema>;
