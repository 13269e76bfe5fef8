let calls = 0;

/**
 * A suffix that no other live process, and no other call in this one, uses: for temporary file
 * names, quarantine copies and lock tokens. The pid and a counter make it unique; the random part
 * covers a pid reused after a crash. Not a secret, so not from `crypto`, which is outside Node's
 * startup snapshot and would load in every tracking command.
 */
export function uniqueSuffix(): string {
  calls += 1;
  return `${process.pid.toString(36)}-${calls.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
