/**
 * @flowforge/plugin-notion — publishes aggregated hours to a Notion data source, one page per
 * issue. The default export is the plugin; the named exports are the cheap parts of its API.
 * The client and the sync (`@notionhq/client`) load only when `flowforge publish` runs, so
 * listing this plugin costs other commands, and the pre-commit hook, nothing.
 */
import { definePlugin, type ProviderContext } from '@flowforge/core';
import type { Client } from '@notionhq/client';
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
export type { PageProperties, PageWrite, SyncPagesOptions } from './sync.js';
export type { IssueTotals, ProviderChange } from '@flowforge/core';

export default definePlugin({
  name: '@flowforge/plugin-notion',
  options: notionOptionsSchema,
  apply(kernel, options) {
    // One client, and one discovery of the data source, per publish run: the kernel hands `plan`
    // and `apply` of a run the same context.
    const targets = new WeakMap<ProviderContext, Promise<{ client: Client; dataSourceId: string }>>();
    const targetFor = (context: ProviderContext) => {
      let target = targets.get(context);
      if (!target) {
        target = (async () => {
          const [{ createNotionClient }, { resolveDataSource }] = await Promise.all([import('./client.js'), import('./data-source.js')]);
          const client = createNotionClient({ token: context.token as string, baseUrl: options.baseUrl, logger: context.logger });
          return { client, dataSourceId: await resolveDataSource(client, options) };
        })();
        targets.set(context, target);
      }
      return target;
    };
    kernel.addProvider({
      name: 'notion',
      token: {
        variable: 'NOTION_TOKEN',
        service: 'Notion',
        how: 'Create an internal integration (Settings → Connections → Develop or manage integrations), share the database with it, and use its secret.',
      },
      async plan(totals, context) {
        const [{ planPages }, { client, dataSourceId }] = await Promise.all([import('./sync.js'), targetFor(context)]);
        // Pages hold totals per issue only.
        return planPages(client, dataSourceId, totals.issues, { logger: context.logger, properties: options.properties });
      },
      async apply(change, context) {
        const [{ applyPageChange }, { client, dataSourceId }] = await Promise.all([import('./sync.js'), targetFor(context)]);
        return applyPageChange(client, dataSourceId, change, { properties: options.properties });
      },
    });
  },
});
