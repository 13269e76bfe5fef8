/**
 * @flowforge/plugin-notion — publishes aggregated hours to a Notion data source, one page per
 * issue. These are the building blocks; the kernel's `publish` hook wires them to the team
 * layer's totals.
 */
export { createNotionClient, NOTION_VERSION, type NotionClientOptions } from './client.js';
export { resolveDataSource, type DataSourceTarget } from './data-source.js';
export { ProviderAuthError } from './errors.js';
export {
  notionOptionsSchema,
  notionPropertiesSchema,
  PUBLIC_NOTION_API_URL,
  type NotionOptions,
  type NotionOptionsInput,
  type NotionProperties,
} from './options.js';
export { createRequestSpacer, systemClock, type RequestSpacer, type SpacerClock } from './request-spacer.js';
export { syncPages, type PageProperties, type SyncPagesOptions } from './sync.js';
export type { IssueTotals, ProviderChange } from './totals.js';
