/** True when `zone` is an IANA time zone name this Node.js build knows (aliases such as `UTC` included). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
