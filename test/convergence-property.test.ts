import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneFor, type Developer, joinTeam, remoteTeam } from './helpers/team.js';

/**
 * The convergence invariant, over random histories: 2–4 developers on 1–2 clones each track time,
 * remove some, commit, branch, check out, merge, reset, rebase and sync in any order; once each clone has made
 * a last commit on main, a fresh clone of main bills exactly the seconds of every private layer.
 * Every git command is real and every commit goes through the real husky hook, so a run costs
 * seconds: few runs, each a long history.
 */

type Operation = 'track' | 'remove' | 'commit' | 'branch' | 'checkout' | 'merge' | 'reset' | 'rebase' | 'sync';

interface Step {
  clone: number;
  op: Operation;
  pick: number;
  /** Tracked minutes in threes: 3 minutes are 0.05 h, so a report's hours are exact seconds. */
  threeMinutes: number;
}

const scenario = fc.record({
  clonesPerUser: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 4 }),
  steps: fc.array(
    fc.record({
      clone: fc.nat(),
      op: fc.constantFrom<Operation>('track', 'track', 'remove', 'commit', 'commit', 'branch', 'checkout', 'merge', 'reset', 'rebase', 'sync'),
      pick: fc.nat(),
      threeMinutes: fc.integer({ min: 1, max: 19 }),
    }),
    { minLength: 10, maxLength: 24 },
  ),
});

/** One clone and what it knows: its local branches and the next free slot of its private layer. */
interface Clone {
  id: number;
  dev: Developer;
  branches: string[];
  slots: number;
  files: number;
}

function current(clone: Clone): string {
  return clone.dev.git('rev-parse', '--abbrev-ref', 'HEAD');
}

function commit(clone: Clone, label: string): void {
  clone.files += 1;
  clone.dev.commitOk(label, { [`src/clone-${clone.id}-${clone.files}.txt`]: `${label}\n` });
}

/** `git pull` of main into main and a push: sequential steps, so the push is always a fast-forward. */
function sync(clone: Clone): void {
  if (current(clone) !== 'main') clone.dev.git('checkout', '--quiet', 'main');
  clone.dev.git('pull', '--quiet', '--no-rebase', '--no-edit', 'origin', 'main');
  clone.dev.git('push', '--quiet', 'origin', 'main');
}

function run(clone: Clone, step: Step, index: number): void {
  const { dev } = clone;
  const here = current(clone);
  switch (step.op) {
    case 'track': {
      // A slot of its own per clone: day after day, eight hours a day.
      const day = `2026-11-${String(2 + Math.floor(clone.slots / 8)).padStart(2, '0')}`;
      const hour = String(8 + (clone.slots % 8)).padStart(2, '0');
      clone.slots += 1;
      dev.ffOk('add', String(1 + (step.pick % 5)), '--from', `${day}T${hour}:00`, '--to', `${day}T${hour}:${String(step.threeMinutes * 3).padStart(2, '0')}`);
      return;
    }
    case 'remove': {
      // Time tracked by mistake: a removal must reach the bill as surely as an entry.
      const { entries } = dev.json<{ entries: { id: string }[] }>('log', '--from', '2026-11-01', '--to', '2026-11-30');
      if (entries.length > 0) dev.ffOk('rm', (entries[step.pick % entries.length] as { id: string }).id);
      return;
    }
    case 'commit':
      return commit(clone, `step ${index}`);
    case 'branch': {
      const name = `b${index}`;
      dev.git('checkout', '--quiet', '-b', name);
      clone.branches.push(name);
      return;
    }
    case 'checkout': {
      const target = clone.branches[step.pick % clone.branches.length] as string;
      if (target !== here) dev.git('checkout', '--quiet', target);
      return;
    }
    case 'merge': {
      const other = clone.branches.filter((name) => name !== here);
      if (other.length > 0) dev.git('merge', '--quiet', '--no-edit', other[step.pick % other.length] as string);
      return;
    }
    case 'reset':
      // Back past the last commit, whatever it carried; never past the set-up.
      if (dev.gitRun(['rev-parse', '--quiet', '--verify', 'HEAD~2']).code === 0) dev.git('reset', '--quiet', '--hard', 'HEAD~1');
      return;
    case 'rebase':
      if (here !== 'main') dev.git('rebase', '--quiet', 'main');
      return;
    case 'sync':
      return sync(clone);
  }
}

/** Every second in a clone's private layer. */
function privateSeconds(dev: Developer): number {
  const log = dev.json<{ entries: { seconds: number }[] }>('log', '--from', '2026-01-01', '--to', '2026-12-31');
  return log.entries.reduce((sum, entry) => sum + entry.seconds, 0);
}

describe('convergence, property-based', () => {
  it('for random histories of 2–4 developers on 1–2 clones, a fresh clone of main bills every private second', () => {
    fc.assert(
      fc.property(scenario, ({ clonesPerUser, steps }) => {
        const users = clonesPerUser.map((_, i) => ['ana', 'ben', 'cho', 'dan'][i] as string);
        const { remote } = remoteTeam('setup');
        const clones: Clone[] = [];
        users.forEach((user, i) => {
          for (let c = 0; c < (clonesPerUser[i] as number); c += 1) clones.push({ id: clones.length, dev: joinTeam(remote, user), branches: ['main'], slots: 0, files: 0 });
        });
        steps.forEach((step, index) => run(clones[step.clone % clones.length] as Clone, step, index));
        // Each clone's last commit is on main.
        for (const clone of clones) {
          sync(clone);
          commit(clone, 'last');
          clone.dev.git('push', '--quiet', 'origin', 'main');
        }

        const expected = new Map<string, number>();
        for (const { dev } of clones) expected.set(dev.user, (expected.get(dev.user) ?? 0) + privateSeconds(dev));
        const manager = cloneFor(remote, 'manager');
        expect(manager.ff('verify').code).toBe(0);
        const billed = manager.ff('report', '--period', '2026', '--by', 'user', '--json');
        expect(billed.code).toBe(0);
        const rows = (JSON.parse(billed.stdout) as { rows: { user: string; hours: number }[] }).rows;
        expect(Object.fromEntries(rows.map((row) => [row.user, Math.round(row.hours * 3600)]))).toEqual(
          Object.fromEntries([...expected].filter(([, seconds]) => seconds > 0)),
        );
      }),
      // Each run is a real team history of a few dozen git and FlowForge processes.
      { numRuns: 6, endOnFailure: true },
    );
  }, 300_000);
});
