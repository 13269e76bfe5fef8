import { type IssueTotals, type Logger, type PlannedChange, silentLogger, toHours } from '@flowforge/core';
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
  logger?: Logger;
  /** Default `{ issue: 'Issue', hours: 'Hours' }`. */
  properties?: PageProperties;
}

const DEFAULT_PROPERTIES: PageProperties = { issue: 'Issue', hours: 'Hours' };

type NumberValues = Record<string, { number: number }>;

/** What `applyPageChange` needs to write one planned page. */
export interface PageWrite {
  /** The page to update; none to create one. */
  pageId?: string;
  /** The number properties to set. */
  numbers: NumberValues;
  /** "Hours 3.5, Billable 3.75", for the result line. */
  summary: string;
}

/**
 * Plans one page per issue in the data source: finds the page whose title is the issue key
 * (query), then plans to create it or update its numbers. A page whose numbers already match is
 * left alone, so the same totals twice plan nothing to write. Hours have two decimals. Reads only.
 *
 * Issues are read one after another; the client's request queue keeps the pace. A refused token
 * throws `FF_PROVIDER_AUTH`; any other failure throws with the issue named.
 */
export async function planPages(
  client: Client,
  dataSourceId: string,
  totals: readonly IssueTotals[],
  options: SyncPagesOptions = {},
): Promise<PlannedChange<PageWrite | null>[]> {
  const logger = options.logger ?? silentLogger;
  const properties = options.properties ?? DEFAULT_PROPERTIES;
  const planned: PlannedChange<PageWrite | null>[] = [];
  for (const issueTotals of totals) {
    try {
      planned.push(await planPage(client, dataSourceId, issueTotals, { logger, properties }));
    } catch (thrown) {
      throw describeNotionFailure(thrown, `issue ${issueTotals.issue} in data source ${dataSourceId}`);
    }
  }
  return planned;
}

/** Writes one planned page; returns what was done. */
export async function applyPageChange(
  client: Client,
  dataSourceId: string,
  change: PlannedChange<PageWrite | null>,
  options: Pick<SyncPagesOptions, 'properties'> = {},
): Promise<string> {
  const write = change.data;
  if (!write) return change.detail;
  const properties = options.properties ?? DEFAULT_PROPERTIES;
  try {
    if (write.pageId !== undefined) {
      await client.pages.update({ page_id: write.pageId, properties: write.numbers });
      return `updated page ${write.pageId} (${write.summary})`;
    }
    const pageProperties: CreatePageParameters['properties'] = {
      ...write.numbers,
      [properties.issue]: { title: [{ type: 'text', text: { content: change.issue } }] },
    };
    const created = await client.pages.create({ parent: { type: 'data_source_id', data_source_id: dataSourceId }, properties: pageProperties });
    return `created page ${created.id} (${write.summary})`;
  } catch (thrown) {
    throw describeNotionFailure(thrown, `issue ${change.issue} in data source ${dataSourceId}`);
  }
}

async function planPage(
  client: Client,
  dataSourceId: string,
  totals: IssueTotals,
  { logger, properties }: { logger: Logger; properties: PageProperties },
): Promise<PlannedChange<PageWrite | null>> {
  const { issue } = totals;
  const numbers: NumberValues = { [properties.hours]: { number: toHours(totals.seconds) } };
  if (properties.billableHours) numbers[properties.billableHours] = { number: toHours(totals.billableSeconds) };
  const summary = Object.entries(numbers)
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

  if (page && numbersMatch(page, numbers)) return { issue, action: 'unchanged', detail: `page ${page.id} is up to date`, data: null };
  if (page) return { issue, action: 'update', detail: `page ${page.id} (${summary})`, data: { pageId: page.id, numbers, summary } };
  return { issue, action: 'create', detail: `a page (${summary})`, data: { numbers, summary } };
}

function numbersMatch(page: PageObjectResponse, wanted: NumberValues): boolean {
  return Object.entries(wanted).every(([name, { number }]) => {
    const stored = page.properties[name];
    return stored?.type === 'number' && stored.number === number;
  });
}
