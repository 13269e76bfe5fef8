const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses stored JSON from raw bytes. Invalid UTF-8 is an error rather than being replaced with
 * U+FFFD, which would let a damaged file parse and silently change the data read from it.
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  return JSON.parse(utf8.decode(bytes));
}

/** The text of `bytes`; invalid UTF-8 throws, for the same reason. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
