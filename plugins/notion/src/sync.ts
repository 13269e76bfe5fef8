import { type IssueTotals, type Logger, type ProviderChange, silentLogger, toHours } from '@flowforge/core';
import { type Client, type CreatePageParameters, isFullPage, type PageObjectResponse } from '@notionhq/client';
import { describeNotionFailure } from './failure.js';

/** Names of the data source's properties that FlowForge writes. */
export interface PageProperties {
  /** The title property holding the issue key, e.g. `Issue`. */
  issue: string;
  /** A number property for tracked hours, e.g. `Hours`. */
  hours: string;
  /** A number property for billable hours; not written when left out. */
  billableHours?: string;
}

export interface SyncPagesOptions {
  /** Read everything, write nothing; the changes say what would be written. */
  dryRun?: boolean;
  logger?: Logger;
  /** Default `{ issue: 'Issue', hours: 'Hours' }`. */
  properties?: PageProperties;
}

const DEFAULT_PROPERTIES: PageProperties = { issue: 'Issue', hours: 'Hours' };

type NumberValues = Record<string, { number: number }>;

/**
 * Upserts one page per issue in the data source: finds the page whose title is the issue key
 * (query), then creates it or updates its numbers. A page whose numbers already match is left
 * alone, so publishing the same totals twice writes nothing. Hours have two decimals.
 *
 * Issues are handled one after another; the client's request queue keeps the pace. A refused
 * token throws `FF_PROVIDER_AUTH`; any other failure throws with the issue named, after the
 * changes already made (which a rerun will find up to date).
 */
export async function syncPages(
  client: Client,
  dataSourceId: string,
  totals: readonly IssueTotals[],
  options: SyncPagesOptions = {},
): Promise<ProviderChange[]> {
  const logger = options.logger ?? silentLogger;
  const properties = options.properties ?? DEFAULT_PROPERTIES;
  const changes: ProviderChange[] = [];
  for (const issueTotals of totals) {
    try {
      changes.push(await syncPage(client, dataSourceId, issueTotals, { dryRun: options.dryRun ?? false, logger, properties }));
    } catch (thrown) {
      throw describeNotionFailure(thrown, `issue ${issueTotals.issue} in data source ${dataSourceId}`);
    }
  }
  return changes;
}

async function syncPage(
  client: Client,
  dataSourceId: string,
  totals: IssueTotals,
  { dryRun, logger, properties }: { dryRun: boolean; logger: Logger; properties: PageProperties },
): Promise<ProviderChange> {
  const { issue } = totals;
  const change = (action: ProviderChange['action'], detail: string): ProviderChange => ({
    provider: 'notion',
    issue,
    action,
    detail,
  });
  const wanted: NumberValues = { [properties.hours]: { number: toHours(totals.seconds) } };
  if (properties.billableHours) wanted[properties.billableHours] = { number: toHours(totals.billableSeconds) };
  const summary = Object.entries(wanted)
    .map(([name, { number }]) => `${name} ${number}`)
    .join(', ');

  const { results } = await client.dataSources.query({
    data_source_id: dataSourceId,
    filter: { property: properties.issue, title: { equals: issue } },
    page_size: 10,
  });
  const [page, ...duplicates] = results.filter(isFullPage);
  if (duplicates.length > 0) {
    logger.warn(`Issue ${issue} has ${duplicates.length + 1} pages titled "${issue}"; only ${page?.id} is kept up to date.`);
  }

  if (page) {
    if (numbersMatch(page, wanted)) return change('unchanged', `page ${page.id} is up to date`);
    if (dryRun) return change('update', `would update page ${page.id} (${summary})`);
    await client.pages.update({ page_id: page.id, properties: wanted });
    return change('update', `updated page ${page.id} (${summary})`);
  }
  if (dryRun) return change('create', `would create a page (${summary})`);
  const pageProperties: CreatePageParameters['properties'] = {
    ...wanted,
    [properties.issue]: { title: [{ type: 'text', text: { content: issue } }] },
  };
  const created = await client.pages.create({
    parent: { type: 'data_source_id', data_source_id: dataSourceId },
    properties: pageProperties,
  });
  return change('create', `created page ${created.id} (${summary})`);
}

function numbersMatch(page: PageObjectResponse, wanted: NumberValues): boolean {
  return Object.entries(wanted).every(([name, { number }]) => {
    const stored = page.properties[name];
    return stored?.type === 'number' && stored.number === number;
  });
}
