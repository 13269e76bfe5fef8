/**
 * `@flowforge/core/terminal`: plain terminal output for the CLI and plugin commands. Colour only
 * on a TTY and never with NO_COLOR (docs/tracking.md), so that piped output and CI logs stay plain. Loads
 * nothing else, so the CLI's every command can use it.
 */
const useColor = (stream: NodeJS.WriteStream): boolean =>
  Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';

const style = (open: number, close: number) => (text: string, stream: NodeJS.WriteStream = process.stdout) =>
  useColor(stream) ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export const bold = style(1, 22);
export const dim = style(2, 22);
export const red = style(31, 39);
export const yellow = style(33, 39);

/** Left-aligned columns, two spaces apart, for plain terminal tables. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
