/** One stretch of tracked time in a developer's private layer. Instants are UTC ISO-8601. */
export interface TimeEntry {
  id: string;
  issue: string;
  start: string;
  end: string;
  billable: boolean;
  note?: string;
}
