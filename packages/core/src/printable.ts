/**
 * Text that came from a repository (a file name, a message quoting one), as it may be printed to a
 * terminal, a log or a one-line field: every control character — a line break, ESC, a bell — and
 * the Unicode line separators as a visible `\u001b`, so a name cannot move the cursor, colour the
 * screen, or start a line of its own that looks like FlowForge's.
 */
export function printable(text: string): string {
  // Matching control characters is this function's purpose.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
