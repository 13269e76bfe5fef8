/**
 * Calendar days with no zone attached: `YYYY-MM-DD` in the proleptic Gregorian calendar.
 * Arithmetic runs on epoch days (days since 1970-01-01) with integer formulas rather than
 * `Date`, because reports convert hundreds of thousands of instants and `Date.UTC` maps
 * years 0–99 to 1900–1999.
 */

export const MS_PER_DAY = 86_400_000;

const LOCAL_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 28–31; `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`): counting years
 * from March puts the leap day last, so every 400-year era has the same shape.
 */
export function epochDayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of `epochDayFromCivil` (Hinnant's `civil_from_days`). */
export function civilFromEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1 };
}

export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export function formatYear(year: number): string {
  return String(year).padStart(4, '0');
}

/** `YYYY-MM-DD` of an epoch day. */
export function formatEpochDay(epochDay: number): string {
  const { year, month, day } = civilFromEpochDay(epochDay);
  return `${formatYear(year)}-${pad2(month)}-${pad2(day)}`;
}

/** The epoch day of `text`, or `null` unless it is a real date written `YYYY-MM-DD`. */
export function parseEpochDay(text: string): number | null {
  const match = LOCAL_DAY.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return epochDayFromCivil(year, month, day);
}

/**
 * The epoch day of a day the caller already validated. A malformed day here is a bug in the
 * caller, not user input, so it throws instead of returning a value that would be misfiled.
 */
export function epochDayOf(day: string): number {
  const epochDay = parseEpochDay(day);
  if (epochDay === null) throw new RangeError(`expected a local day YYYY-MM-DD, got "${day}"`);
  return epochDay;
}

/** True when `text` is a real date written `YYYY-MM-DD` (`2026-02-30` is not). */
export function isValidLocalDay(text: string): boolean {
  return parseEpochDay(text) !== null;
}

/** The day `n` calendar days after `day` (`n` may be negative). Calendar days ignore DST. */
export function addDays(day: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`expected a whole number of days, got ${n}`);
  return formatEpochDay(epochDayOf(day) + n);
}

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function daysBetween(from: string, to: string): string[] {
  const first = epochDayOf(from);
  const last = epochDayOf(to);
  const days: string[] = [];
  for (let epochDay = first; epochDay <= last; epochDay++) days.push(formatEpochDay(epochDay));
  return days;
}
