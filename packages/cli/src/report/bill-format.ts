/**
 * How the HTML bill writes numbers, money and dates: in the team's locale (`billing.locale`),
 * through `Intl`, so that a client in Munich reads `8.587,50 €` and one in Boston `€8,587.50`.
 */
export interface BillFormat {
  /** The BCP 47 tag, for `<html lang>`. */
  readonly locale: string;
  /** Hours to the hundredth, as every row computes them: `1,140.50`. */
  hours(value: number): string;
  /** An hour count on a chart's axis, with no more digits than it has: `2`, `2.5`. */
  axisHours(value: number): string;
  /** An amount in the bill's currency, to the cent. */
  money(value: number): string;
  /** A local day (`YYYY-MM-DD`), short (`Nov 2`) or with its year (`Nov 2, 2026`). */
  day(day: string, style: 'short' | 'long'): string;
  /** A month (`YYYY-MM`): `Nov 2026`. */
  month(month: string): string;
  /** An instant, in the team's time zone, to the minute, with the zone's offset. */
  instant(ms: number): string;
}

export function billFormat(locale: string, currency: string, timeZone: string): BillFormat {
  const hours = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const axisHours = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  // Always two decimals, whatever the currency's custom (yen have none): every amount of the
  // report is computed to the cent, and a bill whose rows are shown rounded again would not foot.
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // Local days are calendar dates, not instants: formatted at midnight UTC, in UTC.
  const shortDay = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' });
  const longDay = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
  const month = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short' });
  const instant = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const midnight = (day: string) => new Date(`${day}T00:00:00Z`);
  return {
    locale,
    hours: (value) => hours.format(value),
    axisHours: (value) => axisHours.format(value),
    money: (value) => money.format(value),
    day: (day, style) => (style === 'long' ? longDay : shortDay).format(midnight(day)),
    month: (value) => month.format(midnight(`${value}-01`)),
    instant: (ms) => instant.format(ms),
  };
}
