/**
 * Orderings that make the output a function of the file's content alone: the key order of a
 * JSON object, the locale and the engine must not change a byte of what the migration writes.
 */

/** Code-unit order; `localeCompare` would depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DIGITS = /^\d+$/;

/** Numeric keys by value (69 before 101), before other keys in code-unit order; no `Number()`, so 30-digit keys stay exact. */
export function compareIssueKeys(a: string, b: string): number {
  const aNumeric = DIGITS.test(a);
  const bNumeric = DIGITS.test(b);
  if (aNumeric && bNumeric) {
    const aDigits = a.replace(/^0+(?=\d)/, '');
    const bDigits = b.replace(/^0+(?=\d)/, '');
    return aDigits.length - bDigits.length || compareText(aDigits, bDigits) || compareText(a, b);
  }
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareText(a, b);
}
