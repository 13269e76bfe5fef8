/** Terminal output: styles and tables come from core, shared with plugin commands. */
export { bold, columns, dim, red, yellow } from '@flowforge/core/terminal';

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
