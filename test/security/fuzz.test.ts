import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/cli.js';
import { gitRun } from '../helpers/team.js';
import { expectCalm, outsideWitness, trackedTeamRepo } from './hostile.js';

/**
 * Random bytes, random JSON, near-miss team files and random trees of links and folders under
 * `.flowforge/team/` and `.flowforge/recovery/`, thrown at `verify`, `report` and a commit through
 * the hook: each ends calmly (a catalogued error at most, never a stack trace or FF_INTERNAL),
 * within a memory cap far below what reading a device or a huge file would take, and in bounded
 * time, and nothing outside the repository changes.
 */

/** Node's heap cap for each run: a team layer is kilobytes; `/dev/zero` read whole would blow it. */
const HEAP_MB = 192;
/** A hang is a failure, not a slow run: far above any run's seconds. */
const HANG_MS = 30_000;

type Content =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'json'; text: string }
  | { kind: 'link'; target: string }
  | { kind: 'folder' };

interface Planted {
  dir: string;
  name: string;
  content: Content;
}

const MONTH = fc.constantFrom('2026-11', '2026-12', '1969-12', '2026-13', '9999-01');
const teamFileName = fc
  .tuple(MONTH, fc.nat({ max: 5 }), fc.stringMatching(/^[0-9a-f]{12}$/))
  .map(([month, revision, hash]) => `${month}.r${revision}.${hash}.json`);
const anyName = fc.string({ minLength: 1, maxLength: 24 }).filter((name) => !name.includes('/') && !name.includes('\0') && name !== '.' && name !== '..');

/** A team file whose every field may be right, or anything JSON can hold. */
const nearMissTeamFile = fc
  .record({
    schema: fc.oneof(fc.constant('flowforge.team/1'), fc.jsonValue()),
    user: fc.oneof(fc.constant('mallory'), fc.jsonValue()),
    month: fc.oneof(MONTH, fc.jsonValue()),
    revision: fc.oneof(fc.nat({ max: 5 }), fc.jsonValue()),
    granularity: fc.oneof(fc.constantFrom('day', 'week', 'month'), fc.jsonValue()),
    rounding: fc.oneof(fc.constant(null), fc.record({ incrementSeconds: fc.integer(), mode: fc.constantFrom('up', 'nearest', 'down'), scope: fc.constantFrom('entry', 'bucket') }), fc.jsonValue()),
    buckets: fc.array(
      fc.oneof(
        fc.record({
          issue: fc.oneof(fc.constantFrom('42', 'API-3'), fc.string()),
          period: fc.oneof(fc.constantFrom('2026-11-02', '2026-11-31', '2026-W45', '2026-11', '0000-00-00'), fc.string()),
          seconds: fc.oneof(fc.nat({ max: 200_000 }), fc.integer(), fc.double()),
          billableSeconds: fc.oneof(fc.nat({ max: 400_000 }), fc.integer()),
          entries: fc.oneof(fc.nat({ max: 5 }), fc.integer()),
        }),
        fc.jsonValue(),
      ),
      { maxLength: 4 },
    ),
  })
  .map((file) => JSON.stringify(file));

const content: fc.Arbitrary<Content> = fc.oneof(
  fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ kind: 'bytes' as const, bytes })),
  fc.oneof(fc.json(), nearMissTeamFile).map((text) => ({ kind: 'json' as const, text })),
  fc.constantFrom('/dev/zero', '/etc/passwd', '..', '../../..', 'missing.json', '/').map((target) => ({ kind: 'link' as const, target })),
  fc.constant({ kind: 'folder' as const }),
);

function plantedTree(shard: string): fc.Arbitrary<Planted[]> {
  const dir = fc.constantFrom('.flowforge/team/mallory', '.flowforge/team/mallory/v1', '.flowforge/team/mallory/abcdefgh', shard, '.flowforge/recovery/mallory/audit', '.flowforge/team');
  return fc.array(fc.record({ dir, name: fc.oneof(teamFileName, anyName), content }), { minLength: 1, maxLength: 6 });
}

function plant(repo: string, planted: readonly Planted[]): string[] {
  const made: string[] = [];
  for (const { dir, name, content } of planted) {
    const path = join(repo, dir, name);
    mkdirSync(dirname(path), { recursive: true });
    rmSync(path, { recursive: true, force: true });
    made.push(path);
    if (content.kind === 'bytes') writeFileSync(path, content.bytes);
    else if (content.kind === 'json') writeFileSync(path, content.text);
    else if (content.kind === 'link') symlinkSync(content.target, path);
    else mkdirSync(join(path, 'inside'), { recursive: true });
  }
  return made;
}

function run(repo: string, env: Record<string, string | undefined>, args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI_BIN, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FLOWFORGE_SKIP: undefined, HUSKY: undefined, ...env },
    timeout: HANG_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(result.signal, `flowforge ${args.join(' ')} was killed`).toBeNull();
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

it('verify, report and the hook stay calm on any tree under .flowforge/', { timeout: 300_000 }, () => {
  const outside = outsideWitness();
  const dev = trackedTeamRepo();
  const [own] = dev.git('ls-files', '.flowforge/team').split('\n') as [string];
  const shard = own.slice(0, own.lastIndexOf('/'));
  let day = 0;

  fc.assert(
    fc.property(plantedTree(shard), (planted) => {
      const made = plant(dev.repo, planted);
      try {
        const verify = run(dev.repo, dev.env(), ['verify']);
        expect([0, 1]).toContain(verify.code);
        expectCalm(verify);

        const report = run(dev.repo, dev.env(), ['report', '--period', '2026-11']);
        expect([0, 1]).toContain(report.code);
        expectCalm(report);

        day = (day % 28) + 1;
        run(dev.repo, dev.env(), ['add', '42', '--duration', '1m', '--date', `2026-10-${String(day).padStart(2, '0')}`]);
        const commit = gitRun(dev.repo, dev.env(), 'commit', '--quiet', '--allow-empty', '-m', 'fuzz');
        expect(commit.code, commit.stderr).toBe(0);
        expectCalm(commit);
      } finally {
        for (const path of made) rmSync(path, { recursive: true, force: true });
      }
    }),
    // The same cases on every run, so CI is repeatable; FUZZ_SEED and FUZZ_RUNS explore further:
    // `FUZZ_SEED=$RANDOM FUZZ_RUNS=500 npx vitest run test/security/fuzz.test.ts`.
    { numRuns: Number(process.env.FUZZ_RUNS ?? 12), seed: Number(process.env.FUZZ_SEED ?? 20261202) },
  );
  outside.unchanged();
});
