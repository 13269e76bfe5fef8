import { flowForgeError } from '@flowforge/core';
import { APIErrorCode, APIResponseError } from '@notionhq/client';

/**
 * Turns what the Notion client threw into an error that says what to fix. A refused token
 * becomes `FF_PROVIDER_AUTH`; the message of every error names the object (`where`) and
 * never the token, which the Notion client does not put in its errors in the first place.
 */
export function describeNotionFailure(thrown: unknown, where: string): Error {
  if (!APIResponseError.isAPIResponseError(thrown)) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return new Error(`Notion request for ${where} failed: ${reason}`, { cause: thrown });
  }
  switch (thrown.code) {
    case APIErrorCode.Unauthorized:
      return flowForgeError('FF_PROVIDER_AUTH', {
        reason: `Notion refused the token (401 unauthorized) while publishing to ${where}.`,
        fix: 'Set NOTION_TOKEN to the secret of an internal integration (Settings → Connections) that the database is shared with.',
      });
    case APIErrorCode.ObjectNotFound:
      return new Error(
        `Notion cannot find ${where} (404): the id is wrong, or the database is not shared with the integration.`,
        { cause: thrown },
      );
    case APIErrorCode.ValidationError:
      return new Error(
        `Notion rejected a request for ${where} (400: ${thrown.message}); check the property names and types in the plugin options.`,
        { cause: thrown },
      );
    default:
      return new Error(`Notion request for ${where} failed (${thrown.status} ${thrown.code}): ${thrown.message}`, {
        cause: thrown,
      });
  }
}
