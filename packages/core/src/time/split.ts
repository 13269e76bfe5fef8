/**
 * An entry that crosses local midnight is split there (docs/tracking.md), so each piece is billed to
 * the local day it happened on.
 */
import { formatEpochDay, MS_PER_DAY } from './calendar.js';
import { localEpochDay } from './local-day.js';
import { nextOffsetChange, zoneOffsetMs } from './offset.js';

/** The part of an entry that falls on one local day; `seconds` is `(endMs - startMs) / 1000`. */
export interface LocalDayPiece {
  day: string;
  startMs: number;
  endMs: number;
  seconds: number;
}

/**
 * The pieces of [`startMs`, `endMs`) per local day of `zone`, in time order, with whole seconds.
 *
 * Fractional milliseconds: both instants are first truncated to the whole second below (as a
 * clock's second hand would show them). Truncating instants rather than rounding each duration
 * keeps seconds additive: pieces sum to the entry, and back-to-back entries, which share an
 * instant, sum to the stretch they cover. Local midnights fall on whole seconds in every zone,
 * so no piece has a fraction. An empty entry has no pieces; an entry that ends before it
 * starts is a bug in the caller and throws.
 */
export function splitAtLocalMidnight(startMs: number, endMs: number, zone: string): LocalDayPiece[] {
  const firstMs = wholeSecondAtOrBefore(startMs);
  const lastMs = wholeSecondAtOrBefore(endMs);
  if (lastMs < firstMs) {
    throw new RangeError(`an entry cannot end (${endMs}) before it starts (${startMs})`);
  }
  const pieces: LocalDayPiece[] = [];
  for (let pieceStart = firstMs; pieceStart < lastMs; ) {
    const epochDay = localEpochDay(pieceStart, zone);
    const pieceEnd = Math.min(lastMs, nextLocalDayChange(pieceStart, epochDay, zone));
    pieces.push({ day: formatEpochDay(epochDay), startMs: pieceStart, endMs: pieceEnd, seconds: (pieceEnd - pieceStart) / 1000 });
    pieceStart = pieceEnd;
  }
  return pieces;
}

/**
 * The first instant after `fromMs` (which is on local day `epochDay`) that is on another local
 * day. Usually the next midnight under the current offset; an offset change before it either
 * moves the date (a gap over midnight, or clocks falling back across it, as in
 * America/Goose_Bay until 2010, where a day comes back for an hour) or moves the midnight.
 */
function nextLocalDayChange(fromMs: number, epochDay: number, zone: string): number {
  for (let atMs = fromMs; ; ) {
    const midnightMs = (epochDay + 1) * MS_PER_DAY - zoneOffsetMs(atMs, zone);
    const changeMs = nextOffsetChange(atMs, midnightMs, zone);
    if (changeMs === undefined) return midnightMs;
    if (localEpochDay(changeMs, zone) !== epochDay) return changeMs;
    atMs = changeMs;
  }
}

function wholeSecondAtOrBefore(instantMs: number): number {
  return Math.floor(instantMs / 1000) * 1000;
}
