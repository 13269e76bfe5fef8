import { environmentError, flowForgeError, isFlowForgeError, reasonOf } from './errors.js';
import type { StageName } from './hooks.js';

/**
 * What a plugin threw, as the user sees it. A catalogued error keeps its code, message, hint and
 * exit code — it already says what is wrong and how to fix it — and is stamped with where it was
 * thrown; a full disk or a permission is the machine's doing and said as such; anything else
 * becomes FF_PLUGIN_FAILED naming the plugin and the stage.
 */
export function attributed(thrown: unknown, plugin: string, stage: StageName | 'apply' | `command ${string}`): Error {
  thrown = environmentError(thrown) ?? thrown;
  if (isFlowForgeError(thrown)) {
    thrown.plugin ??= plugin;
    thrown.hook ??= stage;
    return thrown;
  }
  return flowForgeError('FF_PLUGIN_FAILED', { plugin, hook: stage, reason: reasonOf(thrown) }, thrown);
}
