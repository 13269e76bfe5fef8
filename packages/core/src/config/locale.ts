/**
 * A locale is usable for a bill when it is a well-formed BCP 47 tag (`en`, `en-GB`, `de-CH`) that
 * ICU, inside Node, has formatting data for. A tag ICU does not know would not fail: `Intl` would
 * quietly format in its default locale instead, so a typo (`xx`, `zz-ZZ`) would go unseen until a
 * client read the bill.
 */
export function isSupportedLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf(tag).length === 1;
  } catch {
    return false; // RangeError: not a well-formed tag (`en_US`, `""`)
  }
}
