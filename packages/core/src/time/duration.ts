/**
 * Durations as people type them (docs/tracking.md): `1h30m`, `90m`, `1.5h`, `45s`, `2h 15m`.
 * A bare number is refused: "90" could be minutes or hours, and a wrong guess costs money.
 */
const DURATION = /^(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m)?\s*(?:(\d+)s)?$/;

/** Whole seconds, or `null` when `text` is not a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match || (match[1] === undefined && match[2] === undefined && match[3] === undefined)) return null;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Math.round(Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds));
}

/** The shortest form `parseDuration` reads back to the same seconds: `5400` → `1h30m`. */
export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : ''].join('');
  return parts || '0m';
}
