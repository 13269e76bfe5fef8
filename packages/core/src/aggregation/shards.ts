import { addDays, formatEpochDay } from '../time/calendar.js';
import { isoWeekMonday } from '../time/iso-week.js';
import { startOfLocalDay } from '../time/local-day.js';
import { monthOf } from '../time/period.js';

/**
 * Team files are sharded by user and local month. A bucket's shard is the month its period
 * starts in (a week belongs to the month of its Monday), so every bucket lives in exactly one file.
 */
export function shardOfPeriod(period: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!week) return period.slice(0, 7);
  const monday = isoWeekMonday(Number(week[1]), Number(week[2]));
  if (monday === null) throw new RangeError(`not an ISO week: ${period}`);
  return monthOf(formatEpochDay(monday));
}

/** Periods reach at most a week past their shard's month: the margin read around it. */
const MARGIN_DAYS = 8;

/**
 * The shards a change on UTC day `utcDay` can touch: its entries lie on local days within a day
 * of it, and a week bucket may start up to a week before them.
 */
export function shardsAround(utcDay: string): string[] {
  const months = new Set<string>();
  for (let offset = -MARGIN_DAYS; offset <= MARGIN_DAYS; offset += 1) months.add(monthOf(addDays(utcDay, offset)));
  return [...months];
}

/** The instants whose entries a shard's buckets can include, with the margin on both sides. */
export function shardReadSpan(shard: string, zone: string): { fromMs: number; toMs: number } {
  const first = `${shard}-01`;
  const nextMonth = monthOf(addDays(first, 31));
  return {
    fromMs: startOfLocalDay(addDays(first, -MARGIN_DAYS), zone),
    toMs: startOfLocalDay(addDays(`${nextMonth}-01`, MARGIN_DAYS), zone),
  };
}
