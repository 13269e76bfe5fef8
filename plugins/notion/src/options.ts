import { z } from 'zod';

/** The public Notion API root (the client appends `/v1/...`). */
export const PUBLIC_NOTION_API_URL = 'https://api.notion.com';

/** A Notion id: a UUID, with or without dashes, as copied from the app or a URL. */
const notionId = (what: string) =>
  z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, {
    error: `expected a ${what} id: 32 hex digits, with or without dashes`,
  });

const propertyName = z.string().trim().min(1, { error: 'expected the name of a property of the data source' });

export const notionPropertiesSchema = z
  .strictObject({
    /** The title property that holds the issue key; default `Issue`. */
    issue: propertyName.default('Issue'),
    /** The number property for tracked hours; default `Hours`. */
    hours: propertyName.default('Hours'),
    /** A number property for billable hours; left out unless named. */
    billableHours: propertyName.optional(),
  })
  .prefault({});

export const notionOptionsSchema = z
  .strictObject({
    /** The database to publish to; its one data source is discovered once per publish. */
    databaseId: notionId('database').optional(),
    /** The data source to publish to; needed when the database has several. */
    dataSourceId: notionId('data source').optional(),
    properties: notionPropertiesSchema,
    /** The API root; default https://api.notion.com. */
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.notion.com' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default(PUBLIC_NOTION_API_URL),
  })
  .refine((options) => (options.databaseId === undefined) !== (options.dataSourceId === undefined), {
    error: 'expected exactly one of databaseId (its data source is discovered) or dataSourceId',
  });

export type NotionOptions = z.output<typeof notionOptionsSchema>;
export type NotionOptionsInput = z.input<typeof notionOptionsSchema>;
export type NotionProperties = z.output<typeof notionPropertiesSchema>;
