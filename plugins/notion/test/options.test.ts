import { describe, expect, it } from 'vitest';
import { notionOptionsSchema } from '../src/options.js';

const ID = '2f26ee68-df30-4251-aad4-8ddc420cba3d';

describe('notionOptionsSchema', () => {
  it('fills the property names and the API root', () => {
    expect(notionOptionsSchema.parse({ dataSourceId: ID })).toEqual({
      dataSourceId: ID,
      properties: { issue: 'Issue', hours: 'Hours' },
      baseUrl: 'https://api.notion.com',
    });
    expect(notionOptionsSchema.parse({ databaseId: ID.replace(/-/g, ''), properties: { billableHours: 'Billable' } }).properties).toEqual({
      issue: 'Issue',
      hours: 'Hours',
      billableHours: 'Billable',
    });
  });

  it('asks for exactly one of databaseId and dataSourceId', () => {
    for (const options of [{}, { databaseId: ID, dataSourceId: ID }]) {
      const result = notionOptionsSchema.safeParse(options);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual([
        'expected exactly one of databaseId (its data source is discovered) or dataSourceId',
      ]);
    }
  });

  it('refuses an id that is not one', () => {
    const result = notionOptionsSchema.safeParse({ dataSourceId: 'https://notion.so/x' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['dataSourceId'], message: 'expected a data source id: 32 hex digits, with or without dashes' });
  });
});
