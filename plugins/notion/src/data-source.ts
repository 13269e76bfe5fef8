import { type Client, isFullDatabase } from '@notionhq/client';
import { describeNotionFailure } from './failure.js';

export interface DataSourceTarget {
  databaseId?: string;
  dataSourceId?: string;
}

/**
 * The data source to publish to. Since API version 2025-09-03 a database is a container of
 * data sources, and pages are created in and queried from a data source. Given `dataSourceId`,
 * that is the answer and no request is made; given `databaseId`, the database is read once and
 * its only data source is used. A database with several data sources is refused with their names
 * and ids, so the team can pick one. Call it once per publish and pass the id to `planPages` and `applyPageChange`.
 */
export async function resolveDataSource(client: Client, target: DataSourceTarget): Promise<string> {
  if (target.dataSourceId) return target.dataSourceId;
  if (!target.databaseId) throw new Error('Notion: set either databaseId or dataSourceId in the plugin options.');
  const where = `database ${target.databaseId}`;
  let database;
  try {
    database = await client.databases.retrieve({ database_id: target.databaseId });
  } catch (thrown) {
    throw describeNotionFailure(thrown, where);
  }
  if (!isFullDatabase(database)) {
    throw new Error(`Notion returned only a partial ${where}: share the database with the integration.`);
  }
  const [only, ...others] = database.data_sources;
  if (!only) throw new Error(`Notion ${where} has no data source to publish to.`);
  if (others.length > 0) {
    const listed = database.data_sources.map((source) => `"${source.name}" (${source.id})`).join(', ');
    throw new Error(`Notion ${where} has ${database.data_sources.length} data sources: ${listed}; set dataSourceId to one of them.`);
  }
  return only.id;
}
