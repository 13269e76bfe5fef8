// Issue 19: `flowforge report --org` over 200 repositories × 20 developers × 1 year, on bare
// `file://` remotes. First run (empty caches: clone, fetch the team blobs, parse), warm run
// (nothing new: goal ≤ 3 s), and a warm run after one repository moved (a new commit). Peak memory
// of the report process at 50, 100 and 200 repositories: it should not grow with their number.
// FLOWFORGE_BENCH_ORG_REPOS sets a smaller count while iterating.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { teamYear, tempRepo } from './lib/fixtures.mjs';
import { compare } from './lib/measure.mjs';

const CLI = fileURLToPath(new URL('../packages/cli/bin/flowforge.cjs', import.meta.url));
const MAX_RSS = fileURLToPath(new URL('./lib/max-rss.cjs', import.meta.url));
const REPOS = Number(process.env.FLOWFORGE_BENCH_ORG_REPOS ?? 200);
const DEVELOPERS = 20;

export const title = `report --org: ${REPOS} repositories × ${DEVELOPERS} developers × 1 year (file:// remotes)`;

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export default async function run() {
  const root = mkdtempSync(join(tmpdir(), 'flowforge-bench-org-'));
  try {
    // One year of 20 developers, written by the aggregation's own code, committed and served bare;
    // each repository is a copy (the same people work in all of them, as in an agency).
    const clone = tempRepo('flowforge-bench-org-clone-');
    await teamYear(clone, DEVELOPERS);
    git(clone, 'add', '--all');
    git(clone, 'commit', '--quiet', '-m', 'a year of time');
    const template = join(root, 'template.git');
    git(root, 'clone', '--quiet', '--bare', clone, template);
    git(template, 'config', 'uploadpack.allowFilter', 'true');
    rmSync(clone, { recursive: true, force: true });
    const remotes = Array.from({ length: REPOS }, (_, i) => join(root, 'remotes', `repo${String(i).padStart(3, '0')}.git`));
    for (const remote of remotes) cpSync(template, remote, { recursive: true });

    const orgDir = (count) => {
      const dir = join(root, `org-${count}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'flowforge.org.json'), JSON.stringify({ repos: remotes.slice(0, count).map((remote) => `file://${remote}`), billing: { currency: 'EUR', rates: { default: 100 } } }));
      return dir;
    };
    const home = join(root, 'home');
    const args = ['-r', MAX_RSS, CLI, 'report', '--org', '--from', '2025-11-01', '--to', '2026-10-31', '--format', 'json'];
    const rssFile = join(root, 'max-rss');
    const env = { FLOWFORGE_HOME: home, FLOWFORGE_BENCH_MAX_RSS: rssFile };
    const full = orgDir(REPOS);
    const quarter = orgDir(Math.max(1, REPOS / 4));
    const half = orgDir(Math.max(1, REPOS / 2));
    const rss = () => Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);

    const first = compare([{ name: `first run (empty caches), ${REPOS} repositories`, command: process.execPath, args, cwd: full, env, before: () => rmSync(home, { recursive: true, force: true }) }], { runs: 1, warmup: 0 });
    const firstRss = rss();
    const warm = compare(
      [
        { name: `warm run (nothing new), ${REPOS / 4} repositories`, command: process.execPath, args, cwd: quarter, env },
        { name: `warm run (nothing new), ${REPOS} repositories`, command: process.execPath, args, cwd: full, env },
      ],
      { runs: 5, warmup: 1 },
    );
    // Peak memory of warm runs. Grouped by repository the bill itself has a row per repository;
    // grouped by user and issue it has as many rows at any count, and memory should not grow.
    const peak = (cwd, by) => {
      execFileSync(process.execPath, [...args, '--by', by], { cwd, env: { ...process.env, ...env }, stdio: 'ignore' });
      return rss();
    };
    const [quarterRss, fullRss] = [peak(quarter, 'repo,user,issue'), peak(full, 'repo,user,issue')];
    const [quarterFlatRss, halfFlatRss, fullFlatRss] = [peak(quarter, 'user,issue'), peak(half, 'user,issue'), peak(full, 'user,issue')];
    // One repository moves before each run: a commit on its branch (a new tip, the same team files).
    const moved = compare(
      [
        {
          name: `warm run, 1 of ${REPOS} repositories has a new commit`,
          command: process.execPath,
          args,
          cwd: full,
          env,
          before: () => {
            const remote = remotes[0];
            const next = git(remote, 'commit-tree', 'main^{tree}', '-p', 'main', '-m', 'another commit');
            git(remote, 'update-ref', 'refs/heads/main', next);
          },
        },
      ],
      { runs: 5, warmup: 1 },
    );
    return [
      ...first,
      ...warm.slice(1),
      ...moved.slice(1),
      { name: `max RSS (MiB) of the report: first run ${firstRss}; warm, by repo,user,issue: ${REPOS / 4} repos ${quarterRss}, ${REPOS} repos ${fullRss}; by user,issue: ${REPOS / 4} repos ${quarterFlatRss}, ${REPOS / 2} repos ${halfFlatRss}, ${REPOS} repos ${fullFlatRss}`, medianMs: 0, ratio: 0 },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
