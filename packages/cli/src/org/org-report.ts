import {
  buildReport,
  coarsestGranularity,
  currentMs,
  flowForgeError,
  loadOrgFile,
  ORG_REPORT_KEYS,
  printable,
  type Rates,
  ratesOfRepo,
  ratesOfRepoConfig,
  ReportBuilder,
  systemTimeZone,
  type OrgFile,
  type OrgRepo,
} from '@flowforge/core/internal';
import { parseBy, resolveRange, writeReport } from '../commands/report.js';
import type { CommandAction } from '../main.js';
import { yellow } from '../output.js';
import { billFormat } from '../report/bill-format.js';
import { TimelineTotals } from '../report/timeline.js';
import { forEachRepo, type RepoOutcome } from './each-repo.js';
import { readRepoLayer, type RepoLayer } from './repo-layer.js';

/**
 * `flowforge report --org [FILE]`: one bill across the repositories of an org file, from their
 * team layers alone, read from cached partial clones — no work tree, and no code of theirs run.
 * Each repository is its own column (`repo`, and its `group`); issue keys stay as committed.
 */
const orgReport: CommandAction = async (_args, options, session) => {
  if (options.ref !== undefined) throw flowForgeError('FF_USAGE', { command: 'report', message: '--ref reads one clone\'s revision; the org file says which ref of each repository --org bills' });
  const org = await loadOrgFile(session.cwd, typeof options.org === 'string' ? options.org : undefined);
  const range = { ...resolveRange(options, org.timezone ?? undefined), by: parseBy(options.by, ORG_REPORT_KEYS, 'repo,user,issue') };
  const html = options.format === 'html';
  const bill = new ReportBuilder(range);
  const byUser = new ReportBuilder({ ...range, by: ['user'] });
  const byRepo = new ReportBuilder({ ...range, by: ['repo'] });
  const timeline = new TimelineTotals();
  const altered: string[] = [];
  const outcomes = await forEachRepo(org, { offline: Boolean(options.offline) }, async (repo, cacheDir, commit) => {
    const layer = await readRepoLayer(cacheDir, commit, { withConfig: repo.rates === 'repo' });
    const rates = ratesOfRepo(org, repo, repo.rates === 'repo' ? await ownRates(repo, layer, org.currency) : undefined);
    const source = { repo: repo.name, group: repo.group };
    for (const builder of html ? [bill, byUser, byRepo] : [bill]) builder.add(layer.columns, rates, source);
    if (html) {
      const granularity = coarsestGranularity(layer.columns.files);
      timeline.add(buildReport(layer.columns, { billing: { currency: org.currency, rates } }, { ...range, by: [granularity] }), granularity);
    }
    altered.push(...layer.altered.map((path) => `${repo.name}:${path}`));
  });
  const missed = outcomes.filter((outcome) => outcome.status === 'stale' || outcome.status === 'unreachable');
  // A bill of nothing is no bill: exit 1 rather than an empty table with warnings.
  if (outcomes.every((outcome) => outcome.status === 'unreachable'))
    throw flowForgeError('FF_ORG_UNREACHABLE', { repos: outcomes.map((outcome) => outcome.repo), all: true });
  if (options.strict && missed.length > 0) throw flowForgeError('FF_ORG_UNREACHABLE', { repos: missed.map((outcome) => outcome.repo) });
  const notes = [...missed.map(missedNote), ...(altered.length > 0 ? [alteredNote(altered)] : [])];
  for (const note of notes) process.stderr.write(`${yellow(`! ${printable(note)}`, process.stderr)}\n`);
  const result = bill.finish(org.currency);
  if (result.totals.billableHours > 0 && billsNothing(org)) process.stderr.write(`${yellow('! Every hourly rate of the org file is 0, so every amount of this bill is 0.', process.stderr)}\n  hint: set billing.rates in ${org.file} (docs/org.md).\n`);
  await writeReport(options, result, {
    html: () => ({
      byUser: byUser.finish(org.currency),
      bySecond: { key: 'repo', report: byRepo.finish(org.currency) },
      timeline: timeline.finish(range.from, range.to),
      team: org.name ?? undefined,
      notes,
      format: billFormat(org.locale, org.currency, org.timezone ?? systemTimeZone()),
      generatedAtMs: currentMs(),
      source: { kind: 'org', billed: outcomes.length - outcomes.filter((outcome) => outcome.status === 'unreachable').length, listed: outcomes.length },
    }),
    notes,
    json: { ...result, repos: outcomes },
    withNotes: true,
  });
};

/** The rates of a repository's own committed config, which the org file lets bill it (`"rates": "repo"`). */
async function ownRates(repo: OrgRepo, layer: RepoLayer, currency: string): Promise<Rates> {
  const config = layer.config;
  if (!config) throw flowForgeError('FF_ORG_REPO_RATES', { repo: repo.name, reason: 'it has no committed JSON or YAML config' });
  if ('code' in config)
    throw flowForgeError('FF_ORG_REPO_RATES', { repo: repo.name, reason: `its config ${config.file} is a program, and FlowForge never runs another repository's code` });
  if ('unreadable' in config) throw flowForgeError('FF_ORG_REPO_RATES', { repo: repo.name, reason: `its config ${config.file} is not valid JSON or YAML (${config.unreadable})` });
  return ratesOfRepoConfig(repo.name, config.data, currency);
}

function missedNote(outcome: RepoOutcome): string {
  return outcome.status === 'stale'
    ? `The repository ${outcome.repo} could not be fetched (${outcome.reason ?? 'unknown reason'}): billed from its cached commit ${outcome.commit?.slice(0, 12) ?? ''}, which may be out of date.`
    : `The repository ${outcome.repo} could not be fetched (${outcome.reason ?? 'unknown reason'}): it is NOT billed here.`;
}

function alteredNote(altered: readonly string[]): string {
  const shown = altered.slice(0, 5).join(', ');
  return `${altered.length} team file(s) billed here changed after FlowForge wrote them, so \`flowforge verify --org\` rejects them: ${shown}${altered.length > 5 ? ', …' : ''}.`;
}

function billsNothing(org: OrgFile): boolean {
  const { rates } = org;
  return org.repos.every((repo) => repo.rates === 'org') && [rates.default, ...Object.values(rates.users), ...Object.values(rates.repos), ...Object.values(rates.issues)].every((rate) => rate === 0);
}

export default orgReport;
