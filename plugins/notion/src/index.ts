/**
 * @flowforge/plugin-notion — publishes aggregated hours to a Notion data source, one page per
 * issue. The default export is the plugin; the named exports are the cheap parts of its API.
 * The client and the sync (`@notionhq/client`) load only when `flowforge publish` runs, so
 * listing this plugin costs other commands, and the pre-commit hook, nothing.
 */
import { definePlugin, flowForgeError, issueTotals, type IssueTotals, redactError } from '@flowforge/core';
import { notionOptionsSchema } from './options.js';

export type { NotionClientOptions } from './client.js';
export type { DataSourceTarget } from './data-source.js';
export {
  notionOptionsSchema,
  notionPropertiesSchema,
  PUBLIC_NOTION_API_URL,
  type NotionOptions,
  type NotionOptionsInput,
  type NotionProperties,
} from './options.js';
export { createRequestSpacer, systemClock, type RequestSpacer, type SpacerClock } from './request-spacer.js';
export type { PageProperties, SyncPagesOptions } from './sync.js';
export type { IssueTotals, ProviderChange } from '@flowforge/core';

const NAME = '@flowforge/plugin-notion';
/** `flowforge publish --provider notion` (or the package name); no `--provider` means every provider. */
const ANSWERS_TO: readonly (string | null)[] = [null, 'notion', NAME];

export default definePlugin({
  name: NAME,
  options: notionOptionsSchema,
  apply(kernel, options, { logger }) {
    kernel.hooks.publish.tapPromise('notion', async (aggregation, context) => {
      if (context.trigger !== 'publish' || !ANSWERS_TO.includes(context.provider)) return;
      const token = process.env.NOTION_TOKEN?.trim();
      if (!token) {
        throw flowForgeError('FF_PROVIDER_TOKEN_MISSING', {
          provider: 'Notion',
          variable: 'NOTION_TOKEN',
          how: 'Create an internal integration (Settings → Connections → Develop or manage integrations), share the database with it, and use its secret.',
        });
      }
      // Pages hold totals per issue only; checked by the compiler against this package's shape.
      const totals: IssueTotals[] = issueTotals(aggregation.buckets);
      try {
        const [{ createNotionClient }, { resolveDataSource }, { syncPages }] = await Promise.all([
          import('./client.js'),
          import('./data-source.js'),
          import('./sync.js'),
        ]);
        const client = createNotionClient({ token, baseUrl: options.baseUrl, logger });
        const dataSourceId = await resolveDataSource(client, options);
        const changes = await syncPages(client, dataSourceId, totals, {
          dryRun: context.dryRun,
          logger,
          properties: options.properties,
        });
        context.results.providerChanges.push(...changes);
      } catch (thrown) {
        // The Notion client puts no token in its errors; this is the last line of defence.
        throw redactError(thrown, token);
      }
    });
  },
});
