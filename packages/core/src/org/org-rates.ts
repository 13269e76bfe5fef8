import { flowForgeError } from '../errors.js';
import type { Rates } from '../report/build-report.js';
import type { OrgFile, OrgRepo } from './org-file.js';

/**
 * The rates that bill one repository of an organisation, as the report builder reads them (an
 * issue's, then a user's, then a default): most specific first, `repo#issue` > user > repo >
 * default. A repository the org file lets bill itself (`"rates": "repo"`) is billed by the rates
 * of its own committed config, as its own `flowforge report` bills it; the org file's `repo#issue`
 * rates still win there.
 */
export function ratesOfRepo(org: Pick<OrgFile, 'rates'>, repo: Pick<OrgRepo, 'name'>, own?: Rates): Rates {
  const prefix = `${repo.name}#`;
  const issues: Record<string, number> = { ...own?.issues };
  for (const [key, rate] of Object.entries(org.rates.issues)) if (key.startsWith(prefix)) issues[key.slice(prefix.length)] = rate;
  if (own) return { default: own.default, users: own.users, issues };
  const repoRate = Object.hasOwn(org.rates.repos, repo.name) ? org.rates.repos[repo.name] : undefined;
  return { default: repoRate ?? org.rates.default, users: org.rates.users, issues };
}

/**
 * The rates in a repository's committed config, read as data (its JSON or YAML, never a JS/TS
 * module): only `billing` is looked at, checked with the config's own schema, in the org's
 * currency. The config's schema (and zod) is imported only here, when a repository bills itself.
 */
export async function ratesOfRepoConfig(repo: string, data: unknown, currency: string): Promise<Rates> {
  const { configSchema } = await import('../config/schema.js');
  const billing = (data !== null && typeof data === 'object' && 'billing' in data ? data.billing : undefined) ?? {};
  const parsed = configSchema().shape.billing.safeParse(billing);
  if (!parsed.success) throw flowForgeError('FF_ORG_REPO_RATES', { repo, reason: `its billing settings are invalid: ${parsed.error.issues.map((issue) => `billing.${issue.path.join('.')}: ${issue.message}`).join('; ')}` });
  if (parsed.data.currency !== currency) throw flowForgeError('FF_ORG_REPO_RATES', { repo, reason: `it bills in ${parsed.data.currency}, the org in ${currency}` });
  return parsed.data.rates;
}
