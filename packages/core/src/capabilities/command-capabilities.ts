import { flowForgeError } from '../errors.js';
import { resolveUserId } from '../identity.js';
import { type PrivateLog, privateLogFor } from './private-log.js';
import { type TeamLayerReader, teamLayerAt } from './team-layer.js';

/**
 * The capabilities of a plugin command's context. The repository and the developer are looked up
 * when a capability is first used, so a command that needs neither runs anywhere.
 */
export function commandCapabilities(cwd: string, repoRoot: string | null): { privateLog: PrivateLog; teamLayer: TeamLayerReader } {
  const root = (): string => {
    if (repoRoot === null) throw flowForgeError('FF_NOT_A_REPO', { cwd });
    return repoRoot;
  };
  let user: string | undefined;
  return {
    privateLog: privateLogFor({ repoRoot: repoRoot ?? cwd, user: () => (user ??= resolveUserId(root())), underRunLock: false }),
    teamLayer: teamLayerAt(root),
  };
}
