import { basename } from 'node:path';
import { sha256Hex } from '@flowforge/core/internal';

/**
 * The folder that holds one clone's backups: a slug of the clone's folder name, for the human
 * browsing `FLOWFORGE_HOME`, and the first 8 hex digits of the SHA-256 of its absolute (real)
 * path, so two clones both called `app` never share snapshots. Pure: the caller resolves symlinks
 * first (`/tmp` and `/private/tmp` are one clone on macOS).
 */
export function repoIdOf(absolutePath: string): string {
  const slug =
    basename(absolutePath)
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .slice(0, 40)
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'repo';
  const hash = sha256Hex(absolutePath).slice(0, 8);
  return `${slug}-${hash}`;
}

/** The folder-name part of a repo id: clones of the same project, moved or on another machine, share it. */
export function slugOfRepoId(repoId: string): string {
  return repoId.replace(/-[0-9a-f]{8}$/, '');
}
