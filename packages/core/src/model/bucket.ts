/**
 * What reaches the team layer: seconds per identity × issue × period, nothing else
 * (no time of day, note, hostname or instance id — docs/tracking.md, "Where the data lives").
 */
export interface PeriodBucket {
  /** The user id, or its pseudonym when the granularity policy asks for one. */
  user: string;
  issue: string;
  /** A local day `YYYY-MM-DD`, ISO week `YYYY-Www` or month `YYYY-MM`. */
  period: string;
  seconds: number;
  billableSeconds: number;
  entries: number;
}
