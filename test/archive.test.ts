import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloneFor, type Developer, teamRepo } from './helpers/team.js';

interface LogJson {
  entries: { id: string; issue: string; note?: string }[];
}

interface SnapshotJson {
  records: number | null;
  seconds: number | null;
  status: string;
  shrunk: boolean;
}

const files = (dev: Developer, dir: string) => readdirSync(join(dev.repo, '.flowforge/user/alice/time', dir)).sort();
const fullLog = (dev: Developer) => dev.ffOk('log', '--from', '2026-01-01', '--to', '2026-12-31', '--json');
const snapshots = (dev: Developer) => dev.json<{ snapshots: SnapshotJson[] }>('recover', '--list').snapshots;
/** Hours billed; the init template's rates are 0, which the report says on stderr. */
const hoursOf = (dev: Developer) => {
  const result = dev.ff('report', '--from', '2026-09-01', '--to', '2026-12-31', '--by', 'user', '--format', 'json');
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { totals: { hours: number } }).totals.hours;
};

describe('archiving the closed months of the private layer', () => {
  it('a commit archives the months before last month: the same log, team files and totals, no shrunk snapshot', () => {
    const dev = teamRepo(); // now: 2026-12-20, so September and October are closed
    dev.ffOk('add', '42', '--from', '2026-09-10T09:00', '--to', '2026-09-10T10:30', '--note', 'september');
    dev.ffOk('add', '43', '--from', '2026-10-05T09:00', '--to', '2026-10-05T11:00');
    dev.ffOk('add', '44', '--from', '2026-12-01T09:00', '--to', '2026-12-01T09:45');
    const log = fullLog(dev);
    dev.commitOk('work', { 'a.txt': 'a\n' });

    expect(files(dev, 'archive')).toEqual(['2026-09.jsonl', '2026-10.jsonl']);
    expect(files(dev, 'daily')).toEqual(['2026-12-01.jsonl']);
    expect(fullLog(dev)).toBe(log);
    // Aggregation reads the archives as it read the logs: rebuilding every month changes no file.
    dev.ffOk('aggregate', '--all');
    expect(dev.status()).toBe('');

    // A later change to an archived day: a daily log again, then folded into the archive.
    const september = (JSON.parse(log) as LogJson).entries.find((entry) => entry.issue === '42')?.id as string;
    dev.ffOk('edit', september, '--note', 'september, reviewed');
    expect(files(dev, 'daily')).toEqual(['2026-09-10.jsonl', '2026-12-01.jsonl']);
    dev.commitOk('review', { 'b.txt': 'b\n' });
    expect(files(dev, 'daily')).toEqual(['2026-12-01.jsonl']);
    expect((JSON.parse(fullLog(dev)) as LogJson).entries.find((entry) => entry.id === september)?.note).toBe('september, reviewed');

    // The second snapshot holds the archives: every record counted, nothing taken for a loss.
    const [newest, first] = snapshots(dev);
    expect(first).toMatchObject({ status: 'good', records: 3, shrunk: false });
    expect(newest).toMatchObject({ status: 'good', records: 4, seconds: first?.seconds, shrunk: false });

    const clone = cloneFor(dev.repo, 'manager');
    expect(hoursOf(clone)).toBe(4.25);
  });
});
