/**
 * @flowforge/plugin-notion — publishes aggregated hours to a Notion data source, one page per
 * issue. The default export is the plugin; the named exports are the cheap parts of its API.
 * The client and the sync (`@notionhq/client`) load only when `flowforge publish` runs, so
 * listing this plugin costs other commands, and the pre-commit hook, nothing.
 */
import { definePlugin, issueTotals, tapProvider } from '@flowforge/core';
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

export default definePlugin({
  name: '@flowforge/plugin-notion',
  options: notionOptionsSchema,
  apply(kernel, options, { logger }) {
    tapProvider(kernel, {
      name: '@flowforge/plugin-notion',
      token: {
        variable: 'NOTION_TOKEN',
        service: 'Notion',
        how: 'Create an internal integration (Settings → Connections → Develop or manage integrations), share the database with it, and use its secret.',
      },
      async publish(aggregation, context, token) {
        const [{ createNotionClient }, { resolveDataSource }, { syncPages }] = await Promise.all([
          import('./client.js'),
          import('./data-source.js'),
          import('./sync.js'),
        ]);
        const client = createNotionClient({ token: token as string, baseUrl: options.baseUrl, logger });
        const dataSourceId = await resolveDataSource(client, options);
        // Pages hold totals per issue only.
        return syncPages(client, dataSourceId, issueTotals(aggregation.buckets), { dryRun: context.dryRun, logger, properties: options.properties });
      },
    });
  },
});
