import { flowForgeError } from '../errors.js';
import { isValidTimeZone, systemTimeZone } from '../time/zone.js';
import type { UserStore } from './user-store.js';

/**
 * The zone that decides a user's local days (docs/tracking.md): `TZ`, else the developer's own config,
 * else the team's, else the machine's. A named zone that does not exist is an error, never a
 * silent fallback: it would move time between days. Valid means known to ICU (`zone.ts`).
 */
export async function resolveUserZone(store: UserStore, teamZone: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.TZ) {
    if (!isValidTimeZone(env.TZ)) throw flowForgeError('FF_BAD_TIME_ZONE', { zone: env.TZ, source: 'TZ' });
    return env.TZ;
  }
  const own = (await store.readConfig()).timezone;
  if (own) {
    if (!isValidTimeZone(own)) throw flowForgeError('FF_BAD_TIME_ZONE', { zone: own, source: `${store.root}/config.json` });
    return own;
  }
  return teamZone ?? systemTimeZone();
}
