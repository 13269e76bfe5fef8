import type { Collection } from '../hooks.js';
import type { TimeEntry } from '../model/entry.js';
import { type UserStore, utcDayOf } from '../store/user-store.js';
import { addDays } from '../time/calendar.js';
import { shardReadSpan, shardsAround } from './shards.js';

/**
 * Fills a collection from the private layer: the shards touched by the changed days (every day
 * with `all`), the entries of those shards and their margins, and each shard's revision — the
 * number of log records behind it, which only grows, because the logs are append-only.
 */
export async function collectPrivate(collection: Collection, store: UserStore, zone: string, all: boolean): Promise<void> {
  const days = all ? await store.days() : await store.changedDays();
  const shards = [...new Set(days.flatMap(shardsAround))].sort();
  if (shards.length === 0) return;

  const logs = new Map<string, Awaited<ReturnType<UserStore['readLog']>>>();
  const readLog = async (day: string) => {
    const log = logs.get(day) ?? (await store.readLog(day));
    logs.set(day, log);
    return log;
  };

  const entries = new Map<string, TimeEntry>();
  for (const shard of shards) {
    const span = shardReadSpan(shard, zone);
    let revision = 0;
    // Entries last at most a day, so the log of the day before the span can reach into it.
    for (let day = addDays(utcDayOf(span.fromMs), -1); day <= utcDayOf(span.toMs); day = addDays(day, 1)) {
      const log = await readLog(day);
      revision += log.records;
      for (const entry of log.entries.values())
        if (Date.parse(entry.start) < span.toMs && Date.parse(entry.end) > span.fromMs) entries.set(entry.id, entry);
    }
    collection.shards.set(shard, (collection.shards.get(shard) ?? 0) + revision);
  }
  collection.entries.push(...[...entries.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)));
}
