import { describe, expect, it } from 'vitest';
import { cloneFor, type Developer, joinTeam, newestTeamFiles, remoteTeam } from './helpers/team.js';

/**
 * Five developers, five clones of one bare remote, every commit through the real husky hook:
 * whatever order they branch, merge, pull and push in, git never reports a conflict, and a
 * fresh clone bills every minute each of them tracked (docs/tracking.md, issue #4).
 */

const DEVELOPERS: readonly (readonly [string, string])[] = [
  ['ana', 'Europe/Berlin'],
  ['ben', 'America/New_York'],
  ['cho', 'Asia/Tokyo'],
  ['dan', 'UTC'],
  ['eve', 'Australia/Sydney'],
];

/** mulberry32: a small seeded generator, so every run takes the same "random" path. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Git must never stop on a conflict: exit 0 and no unmerged path, for every merge, pull and rebase. */
function cleanly(dev: Developer, args: string[]): void {
  const result = dev.gitRun(args);
  expect(result.code, `${dev.user}: git ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  expect(`${result.stdout}${result.stderr}`).not.toContain('CONFLICT');
  expect(dev.git('diff', '--name-only', '--diff-filter=U')).toBe('');
}

interface Team {
  remote: string;
  devs: Developer[];
  /** Minutes each developer tracked, per local month. */
  tracked: Map<string, Map<string, number>>;
}

/** The first developer runs `flowforge init` and pushes it; the others clone, and set up their hook. */
function setUpTeam(developers: readonly (readonly [string, string])[]): Team {
  const [[firstUser, firstZone], ...rest] = developers as [readonly [string, string], ...(readonly [string, string])[]];
  const { remote, first } = remoteTeam(firstUser, firstZone);
  const devs = [first, ...rest.map(([user, zone]) => joinTeam(remote, user, zone))];
  return { remote, devs, tracked: new Map(developers.map(([user]) => [user, new Map()])) };
}

/** `flowforge add` of `minutes` from `HH:00` local on `day`, remembered for the final bill. */
function track(team: Team, dev: Developer, day: string, hour: number, minutes: number): void {
  const start = `${day}T${String(hour).padStart(2, '0')}:00`;
  const end = minutes === 60 ? `${day}T${String(hour + 1).padStart(2, '0')}:00` : `${day}T${String(hour).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  dev.ffOk('add', String(100 + hour), '--from', start, '--to', end, '--note', `${dev.user} private detail`);
  const months = team.tracked.get(dev.user) as Map<string, number>;
  months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0) + minutes);
}

/** `git pull --no-rebase` then `git push`, as a developer at the end of a task. */
function sync(dev: Developer): void {
  cleanly(dev, ['pull', '--quiet', '--no-rebase', 'origin', 'main']);
  cleanly(dev, ['push', '--quiet', 'origin', 'main']);
}

interface ReportJson {
  rows: { user: string; month: string; hours: number }[];
}

/** A manager's fresh clone bills every minute of every developer, to the second in the team files. */
function expectEveryMinuteBilled(team: Team): void {
  const manager = cloneFor(team.remote, 'manager');
  expect(manager.gitRun(['grep', '--quiet', 'private detail', 'HEAD', '--', '.flowforge']).code).toBe(1); // notes never committed
  const seconds = new Map<string, number>();
  for (const file of newestTeamFiles(manager))
    for (const bucket of file.buckets) seconds.set(`${file.user} ${file.month}`, (seconds.get(`${file.user} ${file.month}`) ?? 0) + bucket.seconds);

  const expected = [...team.tracked].flatMap(([user, perMonth]) => [...perMonth].map(([month, minutes]) => ({ user, month, minutes })));
  for (const { user, month, minutes } of expected) expect(seconds.get(`${user} ${month}`), `${user} in ${month}`).toBe(minutes * 60);
  expect(seconds.size).toBe(expected.length);

  // The init template bills at rate 0, which the report says on stderr: only the hours matter here.
  const billed = manager.ff('report', '--from', '2026-10-01', '--to', '2026-12-31', '--by', 'user,month', '--format', 'json');
  expect(billed.code).toBe(0);
  const report = JSON.parse(billed.stdout) as ReportJson;
  const key = (row: { user: string; month: string }) => `${row.user} ${row.month}`;
  expect(report.rows.map(({ user, month, hours }) => ({ user, month, hours })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
    expected.map(({ user, month, minutes }) => ({ user, month, hours: Math.round((minutes / 60) * 100) / 100 })).sort((a, b) => key(a).localeCompare(key(b))),
  );
}

describe('merge safety', () => {
  it('five developers, three rounds of branches, merges, pulls and pushes in random order: no conflict, every minute billed', () => {
    const random = seeded(20261129);
    const team = setUpTeam(DEVELOPERS);
    const used = new Set<string>();
    /** A free hour slot for `user`, so that nobody's entries overlap. */
    const slot = (user: string): { day: string; hour: number } => {
      for (;;) {
        // 29 Oct to 2 Dec: three months, and the month ends between them.
        const date = new Date(Date.UTC(2026, 9, 29 + Math.floor(random() * 35)));
        const day = date.toISOString().slice(0, 10);
        const hour = 8 + Math.floor(random() * 10);
        if (!used.has(`${user} ${day} ${hour}`)) {
          used.add(`${user} ${day} ${hour}`);
          return { day, hour };
        }
      }
    };
    const work = (dev: Developer, round: number): void => {
      const branches = [`feature/${dev.user}-${round}`];
      dev.git('checkout', '--quiet', '-b', branches[0] as string, 'main');
      const { day, hour } = slot(dev.user);
      track(team, dev, day, hour, 1 + Math.floor(random() * 60));
      dev.commitOk(`${dev.user}: round ${round}`, { [`src/${dev.user}/round-${round}.txt`]: `${round}\n` });
      expect(dev.lastCommitFiles().some((line) => line.startsWith(`A\t.flowforge/team/${dev.user}/`))).toBe(true);

      if (random() < 0.5) {
        // The same writer on a branch from an older main, which holds older revisions of its files.
        const history = dev.git('rev-list', '--first-parent', 'main').split('\n');
        const old = history[Math.floor(random() * history.length)] as string;
        branches.push(`hotfix/${dev.user}-${round}`);
        dev.git('checkout', '--quiet', '-b', branches[1] as string, old);
        const { day, hour } = slot(dev.user);
        track(team, dev, day, hour, 1 + Math.floor(random() * 60));
        dev.commitOk(`${dev.user}: hotfix ${round}`, { [`src/${dev.user}/hotfix-${round}.txt`]: `${round}\n` });
      }
      dev.git('checkout', '--quiet', 'main');
      for (const branch of shuffled(branches, random)) cleanly(dev, ['merge', '--no-edit', '--quiet', branch]);
    };

    for (let round = 1; round <= 3; round += 1) {
      const later: Developer[] = [];
      for (const dev of shuffled(team.devs, random)) {
        work(dev, round);
        if (random() < 0.5) sync(dev);
        else later.push(dev);
      }
      for (const dev of shuffled(later, random)) sync(dev);
    }
    for (const dev of team.devs) sync(dev);

    expectEveryMinuteBilled(team);
  }, 120_000); // ~15 s on an idle machine; room for a loaded CI runner

  /** ana's first entry committed on main, so both her branches start from a file of hers. */
  function twoDevelopers(): { team: Team; ana: Developer; ben: Developer } {
    const team = setUpTeam(DEVELOPERS.slice(0, 2));
    const [ana, ben] = team.devs as [Developer, Developer];
    track(team, ana, '2026-11-02', 9, 30);
    ana.commitOk('ana: first', { 'src/ana.txt': '1\n' });
    sync(ana);
    return { team, ana, ben };
  }

  /** ana works on a feature branch while her own fix and ben's work reach main. */
  function divergeAna({ team, ana, ben }: ReturnType<typeof twoDevelopers>): void {
    ana.git('checkout', '--quiet', '-b', 'feature', 'main');
    track(team, ana, '2026-11-03', 9, 45);
    ana.commitOk('ana: feature 1', { 'src/feature-1.txt': '1\n' });
    track(team, ana, '2026-11-04', 10, 20);
    ana.commitOk('ana: feature 2', { 'src/feature-2.txt': '2\n' });

    ana.git('checkout', '--quiet', '-b', 'fix', 'main');
    track(team, ana, '2026-11-05', 11, 15);
    ana.commitOk('ana: fix', { 'src/fix.txt': 'fix\n' });
    ana.git('checkout', '--quiet', 'main');
    cleanly(ana, ['merge', '--no-edit', '--quiet', 'fix']);
    sync(ana);

    cleanly(ben, ['pull', '--quiet', '--no-rebase', 'origin', 'main']);
    track(team, ben, '2026-11-03', 14, 50);
    ben.commitOk('ben: work', { 'src/ben.txt': 'ben\n' });
    sync(ben);
  }

  it('a rebase of a branch whose writer also changed main replays without conflict, and totals survive', () => {
    const setup = twoDevelopers();
    const { team, ana } = setup;
    divergeAna(setup);

    ana.git('checkout', '--quiet', 'feature');
    cleanly(ana, ['fetch', '--quiet', 'origin']);
    cleanly(ana, ['rebase', '--quiet', 'origin/main']);
    ana.git('checkout', '--quiet', 'main');
    cleanly(ana, ['pull', '--quiet', '--no-rebase', 'origin', 'main']);
    cleanly(ana, ['merge', '--ff-only', '--quiet', 'feature']);
    cleanly(ana, ['push', '--quiet', 'origin', 'main']);

    expectEveryMinuteBilled(team);
  });

  it('a squash merge of such a branch goes through the hook without conflict, and totals survive', () => {
    const setup = twoDevelopers();
    const { team, ana } = setup;
    divergeAna(setup);

    cleanly(ana, ['pull', '--quiet', '--no-rebase', 'origin', 'main']);
    cleanly(ana, ['merge', '--squash', '--quiet', 'feature']);
    track(team, ana, '2026-11-06', 9, 10); // the squash commit itself carries new time too
    const squash = ana.gitRun(['commit', '--quiet', '-m', 'ana: the feature, squashed']);
    expect(squash.code, squash.stderr).toBe(0);
    expect(ana.git('log', '-1', '--format=%P').split(' ')).toHaveLength(1); // a plain commit, not a merge
    sync(ana);
    ana.git('branch', '--quiet', '-D', 'feature');

    expectEveryMinuteBilled(team);
  });
});
