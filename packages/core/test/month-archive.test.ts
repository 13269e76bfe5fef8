import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFlowForgeError } from '../src/errors.js';
import type { JournalRecord } from '../src/model/journal.js';
import { UserStore } from '../src/store/user-store.js';

let root: string;
let store: UserStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flowforge-archive-'));
  store = new UserStore(root, 'alice');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const NOW = Date.parse('2026-11-15T12:00:00Z');
let counter = 0;

/** An `add` of a 30-minute entry starting on `day` at `hour` UTC. */
function add(day: string, hour = 9): JournalRecord {
  counter += 1;
  const start = `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
  const end = `${day}T${String(hour).padStart(2, '0')}:30:00Z`;
  return { v: 1, op: 'add', at: end, entry: { id: `e${String(counter).padStart(5, '0')}`, issue: '42', start, end, billable: true } };
}

function rm(record: JournalRecord): JournalRecord {
  if (record.op === 'rm') throw new Error('not an entry');
  return { v: 1, op: 'rm', at: record.entry.end, id: record.entry.id, previous: record.entry };
}

/** Every day's records as the store reads them: what archiving must never change. */
async function everything(reader: UserStore = new UserStore(root, 'alice')): Promise<Record<string, JournalRecord[]>> {
  const days: Record<string, JournalRecord[]> = {};
  for (const day of await reader.days()) days[day] = await reader.readDay(day);
  return days;
}

const files = (dir: string) => (existsSync(join(root, 'time', dir)) ? readdirSync(join(root, 'time', dir)).sort() : []);

async function fill(): Promise<void> {
  const removed = add('2026-08-03');
  await store.append('2026-08-03', [removed, add('2026-08-03', 11), rm(removed)]);
  await store.append('2026-08-31', [add('2026-08-31')]);
  await store.append('2026-09-01', [add('2026-09-01')]);
  await store.append('2026-10-30', [add('2026-10-30')]);
  await store.append('2026-11-02', [add('2026-11-02')]);
}

describe('archiving closed months of the private layer', () => {
  it('moves the months that ended before last month into one file each, and every read stays the same', async () => {
    await fill();
    const before = await everything();
    const logBefore = await store.readLog('2026-08-03');

    expect(await store.locked(() => store.archiveClosedMonths(NOW))).toEqual(['2026-08', '2026-09']);
    expect(files('daily')).toEqual(['2026-10-30.jsonl', '2026-11-02.jsonl']);
    expect(files('archive')).toEqual(['2026-08.jsonl', '2026-09.jsonl']);
    expect(await everything()).toEqual(before);
    expect(await new UserStore(root, 'alice').readLog('2026-08-03')).toEqual(logBefore);
    // One line per day, readable as it stands.
    const lines = readFileSync(join(root, 'time', 'archive', '2026-08.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { day: string }).day)).toEqual(['2026-08-03', '2026-08-31']);

    // Nothing left to do: a second run changes nothing.
    expect(await store.locked(() => store.archiveClosedMonths(NOW))).toEqual([]);
  });

  it('reads a later change to an archived day after its archived records, and folds it in on the next run', async () => {
    await fill();
    await store.locked(() => store.archiveClosedMonths(NOW));
    const [first] = await store.readDay('2026-08-31');
    await store.locked(() => store.append('2026-08-31', [rm(first!)]));
    expect(files('daily')).toContain('2026-08-31.jsonl');
    const after = await everything();
    expect(after['2026-08-31']?.map((record) => record.op)).toEqual(['add', 'rm']);
    expect((await store.readLog('2026-08-31')).entries.size).toBe(0);

    expect(await store.locked(() => store.archiveClosedMonths(NOW))).toEqual(['2026-08']);
    expect(files('daily')).not.toContain('2026-08-31.jsonl');
    expect(await everything()).toEqual(after);
  });

  it('completes an archiving a crash interrupted, whichever logs it had removed: nothing read twice, nothing lost', async () => {
    await fill();
    const daily = join(root, 'time', 'daily');
    const kept = join(root, 'kept');
    copyFileSync(join(daily, '2026-08-03.jsonl'), `${kept}-03`);
    copyFileSync(join(daily, '2026-08-31.jsonl'), `${kept}-31`);
    const before = await everything();
    await store.locked(() => store.archiveClosedMonths(NOW));

    // The state after the pending archive was written and one of its two logs removed.
    const archive = join(root, 'time', 'archive', '2026-08.jsonl');
    renameSync(archive, `${archive}.next`);
    copyFileSync(`${kept}-31`, join(daily, '2026-08-31.jsonl'));
    expect(await everything()).toEqual(before);

    // The same with both logs still there.
    copyFileSync(`${kept}-03`, join(daily, '2026-08-03.jsonl'));
    expect(await everything()).toEqual(before);

    await new UserStore(root, 'alice').locked(async () => undefined);
    expect(files('archive')).toEqual(['2026-08.jsonl', '2026-09.jsonl']);
    expect(files('daily')).toEqual(['2026-10-30.jsonl', '2026-11-02.jsonl']);
    expect(await everything()).toEqual(before);
  });

  it('reads a pending archive alone while an older one of its month is still in place', async () => {
    await fill();
    await store.locked(() => store.archiveClosedMonths(NOW));
    const archive = join(root, 'time', 'archive', '2026-08.jsonl');
    copyFileSync(archive, `${root}/older-archive`);
    await store.locked(() => store.append('2026-08-31', [add('2026-08-31', 14)]));
    const after = await everything();
    await store.locked(() => store.archiveClosedMonths(NOW));

    // The state after the new archive was written and the day's daily log removed, before the rename.
    renameSync(archive, `${archive}.next`);
    copyFileSync(`${root}/older-archive`, archive);
    expect(files('daily')).not.toContain('2026-08-31.jsonl');
    expect(await everything()).toEqual(after);
    await new UserStore(root, 'alice').locked(async () => undefined);
    expect(files('archive')).toEqual(['2026-08.jsonl', '2026-09.jsonl']);
    expect(await everything()).toEqual(after);
  });

  it('leaves a month with a damaged log as it is', async () => {
    await fill();
    appendFileSync(join(root, 'time', 'daily', '2026-08-31.jsonl'), '{"v":1,"op":"ad');
    expect(await store.locked(() => store.archiveClosedMonths(NOW))).toEqual(['2026-09']);
    expect(files('daily')).toContain('2026-08-03.jsonl');
    expect(files('archive')).toEqual(['2026-09.jsonl']);
  });

  it('refuses a damaged archive with FF_STORE_CORRUPT, keeping a copy in quarantine', async () => {
    await fill();
    await store.locked(() => store.archiveClosedMonths(NOW));
    const archive = join(root, 'time', 'archive', '2026-09.jsonl');
    writeFileSync(archive, readFileSync(archive, 'utf8').replace('"op":"add"', '"op":"added"'));
    const thrown = await new UserStore(root, 'alice').readDay('2026-09-01').catch((error: unknown) => error);
    expect(isFlowForgeError(thrown) && thrown.code).toBe('FF_STORE_CORRUPT');
    expect(readdirSync(join(root, 'time', 'archive', '.quarantine')).length).toBe(1);
  });

  it('never changes what any day reads, whatever is appended and archived in any order', async () => {
    const days = ['2026-06-30', '2026-07-01', '2026-07-15', '2026-08-31', '2026-09-01', '2026-10-31', '2026-11-01'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ day: fc.constantFrom(...days), remove: fc.boolean(), archiveAt: fc.constantFrom('2026-09-01', '2026-11-15', 'never') }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (steps) => {
          rmSync(join(root, 'time'), { recursive: true, force: true });
          const model = new Map<string, JournalRecord[]>();
          for (const step of steps) {
            const writer = new UserStore(root, 'alice');
            const standing = (await writer.readDay(step.day)).filter((record) => record.op === 'add');
            const records = step.remove && standing.length > 0 ? [rm(standing[0]!)] : [add(step.day)];
            await writer.locked(() => writer.append(step.day, records));
            model.set(step.day, [...(model.get(step.day) ?? []), ...records]);
            if (step.archiveAt !== 'never') await writer.locked(() => writer.archiveClosedMonths(Date.parse(`${step.archiveAt}T00:00:00Z`)));
            expect(await everything()).toEqual(Object.fromEntries([...model].sort()));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
