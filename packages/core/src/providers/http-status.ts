/** The HTTP status of a client library's error, if it has one. */
export function httpStatusOf(thrown: unknown): number | undefined {
  const status = (thrown as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
