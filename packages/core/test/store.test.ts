import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFlowForgeError, type FlowForgeError } from '../src/errors.js';
import { appendRecords, readRecords, repairTornTail } from '../src/store/append-log.js';
import { readJsonFile, writeFileAtomic } from '../src/store/atomic-write.js';
import { withLock } from '../src/store/lock.js';
import { quarantine, QUARANTINE_DIR } from '../src/store/quarantine.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'flowforge-store-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

async function rejection(promise: Promise<unknown>): Promise<FlowForgeError> {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isFlowForgeError(thrown)) throw new Error(`expected a FlowForgeError, got ${String(thrown)}`);
  return thrown;
}

/** The files kept in quarantine beside `file`, with their bytes. */
async function quarantined(file: string): Promise<Map<string, Buffer>> {
  const folder = join(dirname(file), QUARANTINE_DIR);
  if (!existsSync(folder)) return new Map();
  const names = await readdir(folder);
  return new Map(await Promise.all(names.map(async (name) => [join(folder, name), await readFile(join(folder, name))] as const)));
}

describe('writeFileAtomic', () => {
  it('writes private files in new 0700 folders and leaves no temp file behind', async () => {
    const target = join(root, 'user', 'alice', 'timers.json');
    await writeFileAtomic(target, '{"v":1}');
    await writeFileAtomic(target, '{"v":2}');

    expect(await readFile(target, 'utf8')).toBe('{"v":2}');
    expect(await readdir(dirname(target))).toEqual(['timers.json']);
    expect(await modeOf(target)).toBe(0o600);
    expect(await modeOf(join(root, 'user'))).toBe(0o700);
    expect(await modeOf(dirname(target))).toBe(0o700);
  });

  it('gives the file exactly the mode asked for', async () => {
    const target = join(root, 'summary.json');
    await writeFileAtomic(target, new TextEncoder().encode('{}'), { mode: 0o644 });
    expect(await modeOf(target)).toBe(0o644);
  });

  it('removes its temp file when the rename fails', async () => {
    const target = join(root, 'occupied');
    await mkdir(target);
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await readdir(root)).toEqual(['occupied']);
  });
});

describe('readJsonFile', () => {
  it('reads a missing file as undefined and a valid one as its value', async () => {
    const target = join(root, 'state.json');
    expect(await readJsonFile(target)).toBeUndefined();
    await writeFileAtomic(target, '{"entries":[1,2]}');
    expect(await readJsonFile(target)).toEqual({ entries: [1, 2] });
  });

  it.each([
    ['truncated JSON', Buffer.from('{"entries":[1,2')],
    ['invalid UTF-8', Buffer.from([0x22, 0xff, 0x22])],
  ])('keeps the bytes of %s and throws FF_STORE_CORRUPT naming the file', async (_label, bytes) => {
    const target = join(root, 'state.json');
    await writeFile(target, bytes);

    const error = await rejection(readJsonFile(target));

    expect(error.code).toBe('FF_STORE_CORRUPT');
    const kept = await quarantined(target);
    expect(kept.size).toBe(1);
    const [keptAt, keptBytes] = [...kept][0]!;
    expect(error.message).toContain(target);
    expect(error.message).toContain(keptAt);
    expect(keptBytes.equals(bytes)).toBe(true);
    expect(await modeOf(keptAt)).toBe(0o600);
    expect((await readFile(target)).equals(bytes)).toBe(true);
  });
});

describe('quarantine', () => {
  it('copies bytes to a new, private, time-stamped file and deletes nothing', async () => {
    const source = join(root, 'day.jsonl');
    await writeFile(source, 'original');

    const first = await quarantine(source);
    const second = await quarantine(source, Buffer.from('torn'));

    expect(first).not.toBe(second);
    expect(dirname(first)).toBe(join(root, QUARANTINE_DIR));
    expect(basename(first)).toMatch(/^day\.jsonl\.\d{8}T\d{6}\.\d{3}Z\.[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
    expect(await readFile(first, 'utf8')).toBe('original');
    expect(await readFile(second, 'utf8')).toBe('torn');
    expect(await readFile(source, 'utf8')).toBe('original');
    expect(await modeOf(first)).toBe(0o600);
    expect(await modeOf(dirname(first))).toBe(0o700);
  });
});

describe('append log', () => {
  const lines = (...records: unknown[]): string => records.map((record) => `${JSON.stringify(record)}\n`).join('');

  it('appends complete lines to a private file in a private folder', async () => {
    const log = join(root, 'user', '2026-11-02.jsonl');
    expect(await readRecords(log)).toEqual({ records: [], torn: undefined });
    expect(await appendRecords(log, [])).toBeUndefined();
    expect(existsSync(log)).toBe(false);

    await appendRecords(log, [{ a: 1 }, { b: 'two\nlines' }]);
    await appendRecords(log, [{ c: 3 }]);

    expect(await readFile(log, 'utf8')).toBe(lines({ a: 1 }, { b: 'two\nlines' }, { c: 3 }));
    expect(await readRecords(log)).toEqual({ records: [{ a: 1 }, { b: 'two\nlines' }, { c: 3 }], torn: undefined });
    expect(await modeOf(log)).toBe(0o600);
    expect(await modeOf(dirname(log))).toBe(0o700);
  });

  it('refuses a record JSON cannot hold before touching the file', async () => {
    const log = join(root, 'day.jsonl');
    const error = await rejection(appendRecords(log, [{ a: 1 }, undefined]));
    expect(error.code).toBe('FF_INTERNAL');
    expect(existsSync(log)).toBe(false);
  });

  it.each([
    ['an unterminated fragment', '{"issue":"4'],
    ['a complete record without its newline', '{"issue":"42"}'],
    ['NUL bytes without a newline', '\0\0\0\0'],
  ])('reports %s at the end as torn, and repairTornTail keeps it in quarantine', async (_label, tail) => {
    const log = join(root, 'day.jsonl');
    const good = lines({ a: 1 }, { b: 2 });
    await writeFile(log, good + tail);

    const { records, torn } = await readRecords(log);
    expect(records).toEqual([{ a: 1 }, { b: 2 }]);
    expect(torn?.offset).toBe(Buffer.byteLength(good));
    expect(torn?.bytes.toString()).toBe(tail);

    const keptAt = await repairTornTail(log);
    expect(keptAt).toBeDefined();
    expect(await readFile(keptAt!, 'utf8')).toBe(tail);
    expect(await readFile(log, 'utf8')).toBe(good);
    expect(await repairTornTail(log)).toBeUndefined();
    expect(await readRecords(log)).toEqual({ records: [{ a: 1 }, { b: 2 }], torn: undefined });
  });

  it('repairs a torn tail before appending, so new lines never glue onto garbage', async () => {
    const log = join(root, 'day.jsonl');
    await appendRecords(log, [{ a: 1 }]);
    await appendFile(log, '{"b":');

    const keptAt = await appendRecords(log, [{ c: 3 }]);

    expect(await readRecords(log)).toEqual({ records: [{ a: 1 }, { c: 3 }], torn: undefined });
    expect(await readFile(keptAt!, 'utf8')).toBe('{"b":');
  });

  it('finds the last line even when it is longer than the window read from the end', async () => {
    const log = join(root, 'day.jsonl');
    const long = { note: 'x'.repeat(200_000) };
    await appendRecords(log, [{ a: 1 }, long]);
    await appendRecords(log, [long]);
    expect((await quarantined(log)).size).toBe(0);

    const garbage = 'y'.repeat(200_000);
    await appendFile(log, garbage);
    const keptAt = await appendRecords(log, [{ b: 2 }]);

    expect(await readFile(keptAt!, 'utf8')).toBe(garbage);
    expect(await readRecords(log)).toEqual({ records: [{ a: 1 }, long, long, { b: 2 }], torn: undefined });
  });

  it.each([
    ['a line that is not JSON', 'not json\n'],
    ['a line of NUL bytes', '\0\0\0\0\n'],
  ])('throws FF_STORE_CORRUPT for %s at the end: complete, so damaged rather than torn', async (_label, tail) => {
    const log = join(root, 'day.jsonl');
    const content = lines({ a: 1 }, { b: 2 }) + tail;
    await writeFile(log, content);

    const error = await rejection(readRecords(log));

    expect(error.code).toBe('FF_STORE_CORRUPT');
    expect(error.message).toContain('line 3');
    expect([...(await quarantined(log)).values()].map(String)).toContain(content);
    // Not a torn tail: nothing is cut off, and the log keeps every byte for a human to mend.
    expect(await repairTornTail(log)).toBeUndefined();
    expect(await readFile(log, 'utf8')).toBe(content);
  });

  it('throws FF_STORE_CORRUPT for a damaged line in the middle, naming the file and keeping its bytes', async () => {
    const log = join(root, 'day.jsonl');
    const content = `${lines({ a: 1 })}not json\n${lines({ c: 3 })}`;
    await writeFile(log, content);

    const error = await rejection(readRecords(log));

    expect(error.code).toBe('FF_STORE_CORRUPT');
    expect(error.message).toContain(log);
    expect(error.message).toContain('line 2');
    const kept = await quarantined(log);
    expect(kept.size).toBe(1);
    const [keptAt, keptBytes] = [...kept][0]!;
    expect(error.message).toContain(keptAt);
    expect(keptBytes.toString()).toBe(content);
    expect(await readFile(log, 'utf8')).toBe(content);
  });
});

describe('withLock', () => {
  const deadPid = (): number => {
    const child = spawnSync(process.execPath, ['-e', ''], { timeout: 40_000, killSignal: 'SIGKILL' });
    if (child.pid === undefined) throw new Error('could not start a child process');
    return child.pid;
  };
  const writeLock = (lockPath: string, pid: number, host: string): Promise<void> =>
    writeFile(lockPath, JSON.stringify({ pid, hostname: host, createdAt: new Date().toISOString(), token: 'old' }));

  it('holds a private lock naming its process while fn runs, and removes it after', async () => {
    const lockPath = join(root, 'user', '.lock');
    const seen = await withLock(lockPath, async () => ({
      holder: JSON.parse(await readFile(lockPath, 'utf8')) as Record<string, unknown>,
      mode: await modeOf(lockPath),
    }));

    expect(seen.holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(String(seen.holder.createdAt)))).toBe(false);
    expect(seen.mode).toBe(0o600);
    expect(existsSync(lockPath)).toBe(false);
  });

  it('is written under a temporary name first: one left by a crash blocks no one, and ours is gone', async () => {
    const lockPath = join(root, '.lock');
    // A process killed after writing its lock under a temporary name, before linking it into place.
    await writeFile(`${lockPath}.crashed.tmp`, JSON.stringify({ pid: deadPid(), hostname: hostname(), createdAt: new Date().toISOString(), token: 'crashed' }));

    const holder = await withLock(lockPath, async () => JSON.parse(await readFile(lockPath, 'utf8')) as Record<string, unknown>, { timeoutMs: 2_000 });
    expect(holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(await readdir(root)).toEqual(['.lock.crashed.tmp']);
  });

  it('releases the lock when fn throws', async () => {
    const lockPath = join(root, '.lock');
    await expect(withLock(lockPath, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lockPath)).toBe(false);
  });

  it('takes over a fresh lock whose process on this host is dead', async () => {
    const lockPath = join(root, '.lock');
    await writeLock(lockPath, deadPid(), hostname());

    expect(await withLock(lockPath, () => 'ran', { timeoutMs: 2_000 })).toBe('ran');
    expect(await readdir(root)).toEqual([]);
  });

  it('takes over a lock older than staleMs, whatever host holds it', async () => {
    const lockPath = join(root, '.lock');
    await writeLock(lockPath, 1, 'another-host');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, aMinuteAgo, aMinuteAgo);

    expect(await withLock(lockPath, () => 'ran', { timeoutMs: 2_000, staleMs: 1_000 })).toBe('ran');
  });

  it('waits for a live holder and fails with FF_STORE_LOCKED naming it', async () => {
    const lockPath = join(root, '.lock');
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holder = withLock(lockPath, () => {
      entered();
      return holding;
    });
    await inside;

    let ranSecond = false;
    const error = await rejection(withLock(lockPath, () => (ranSecond = true), { timeoutMs: 300 }));

    expect(error.code).toBe('FF_STORE_LOCKED');
    expect(error.message).toContain(lockPath);
    expect(error.message).toContain(`pid ${process.pid} on ${hostname()}`);
    expect(ranSecond).toBe(false);
    release();
    await holder;
    expect(await withLock(lockPath, () => 'free again', { timeoutMs: 300 })).toBe('free again');
  });

  it('keeps a long-held lock fresh, so waiters do not mistake it for stale', async () => {
    const lockPath = join(root, '.lock');
    const options = { staleMs: 600 };
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holder = withLock(lockPath, async () => {
      entered();
      await sleep(2_000);
    }, options);
    await inside;

    const error = await rejection(withLock(lockPath, () => 'stole it', { ...options, timeoutMs: 1_500 }));

    expect(error.code).toBe('FF_STORE_LOCKED');
    await holder;
  });

  it('lets only one of many waiters that find a stale lock at once break it and enter', async () => {
    const pid = deadPid();
    let inside = 0;
    let most = 0;
    // A race needs many tries to show; each round puts back a stale lock for 10 waiters at once.
    for (let round = 0; round < 30; round += 1) {
      const lockPath = join(root, `round-${round}`, '.lock');
      await mkdir(dirname(lockPath));
      await writeLock(lockPath, pid, hostname());
      await Promise.all(
        Array.from({ length: 10 }, () =>
          withLock(lockPath, async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(2);
            inside -= 1;
          }),
        ),
      );
      expect(await readdir(dirname(lockPath))).toEqual([]);
    }
    expect(most).toBe(1);
  });

  it('lets one caller in at a time within a process', async () => {
    const lockPath = join(root, '.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(lockPath, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await sleep(5);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it(
    'serializes 20 processes appending 25 records each to one log, starting from a stale lock',
    async () => {
      const script = fileURLToPath(new URL('fixtures/append-under-lock.mjs', import.meta.url));
      const built = fileURLToPath(new URL('../dist/store/lock.js', import.meta.url));
      expect(existsSync(built), 'the child processes import the build: run `npx tsc -b` first').toBe(true);
      const log = join(root, 'user', 'audit.jsonl');
      const lockPath = join(root, 'user', '.lock');
      const writers = 20;
      const perWriter = 25;
      // Every writer finds this lock stale at start; only one of them may break it and enter.
      await mkdir(dirname(lockPath), { recursive: true });
      await writeLock(lockPath, deadPid(), hostname());

      const exits = await Promise.all(
        Array.from({ length: writers }, (_, writer) => {
          const child = spawn(process.execPath, [script, log, lockPath, `w${writer}`, String(perWriter)], {
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          return new Promise<{ code: number | null; stderr: string }>((resolve) =>
            child.on('close', (code) => resolve({ code, stderr })),
          );
        }),
      );

      expect(exits.filter((exit) => exit.code !== 0)).toEqual([]);
      const { records, torn } = await readRecords(log);
      expect(torn).toBeUndefined();
      expect(records).toHaveLength(writers * perWriter);
      const written = records as { writer: string; i: number; seq: number }[];
      // Each writer read the count under the lock before appending, so the counts are 0..499 in order.
      expect(written.map((record) => record.seq)).toEqual(written.map((_, index) => index));
      for (let writer = 0; writer < writers; writer += 1) {
        const own = written.filter((record) => record.writer === `w${writer}`).map((record) => record.i);
        expect(own).toEqual(Array.from({ length: perWriter }, (_, i) => i));
      }
      expect(await readdir(dirname(log))).toEqual(['audit.jsonl']);
    },
    120_000,
  );
});
