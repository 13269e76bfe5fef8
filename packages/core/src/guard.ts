/** What the CLI checks before every command, without loading the rest of core (`repo-guard.ts`). */
export { assertNoLinkedFolders, guardRepo, trackedUnder, UNTRACKED } from './repo-guard.js';
export { findRepoRoot } from './repo.js';
