/** docs/tracking.md, "Where the data lives": user ids are safe as a folder name and as a git path on every platform. */
export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function isValidUserId(id: string): boolean {
  return USER_ID_PATTERN.test(id);
}
