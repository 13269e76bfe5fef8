/**
 * v1 named users freely (`$USER`, a git name, an e-mail); FlowForge user ids name folders and
 * committed files, so they must match `USER_ID_PATTERN` (docs/tracking.md, "Where the data lives"). A v1 name that already is an
 * id is kept; any other is slugged readably (`Alice Smith` → `alice-smith`, each rename reported),
 * and a name with nothing left to slug is reported, its sessions not imported.
 */
import { isValidUserId, readableSlug } from '@flowforge/core/internal';
import { compareText } from './order.js';
import type { MigratedSession } from './types.js';

/** The FlowForge user id for a v1 user name, or `null` when none can be made from it. */
export function userIdOf(name: string): string | null {
  if (isValidUserId(name)) return name;
  const slug = readableSlug(name);
  return isValidUserId(slug) ? slug : null;
}

export interface SessionsByUser {
  /** FlowForge user id → its sessions, ids in code-unit order (sessions keep the interpreter's order). */
  byId: Map<string, MigratedSession[]>;
  /** v1 names that are not ids, with the id they were filed under. */
  renamed: { name: string; id: string }[];
  /** v1 names no id can be made from, with the sessions left out. */
  refused: { name: string; sessions: number; seconds: number }[];
}

export function groupByUser(sessions: readonly MigratedSession[]): SessionsByUser {
  const byId = new Map<string, MigratedSession[]>();
  const renamed = new Map<string, string>();
  const refused = new Map<string, { sessions: number; seconds: number }>();
  for (const session of sessions) {
    const id = userIdOf(session.user);
    if (id === null) {
      const sum = refused.get(session.user) ?? { sessions: 0, seconds: 0 };
      sum.sessions += 1;
      sum.seconds += session.seconds;
      refused.set(session.user, sum);
      continue;
    }
    if (id !== session.user) renamed.set(session.user, id);
    const list = byId.get(id) ?? [];
    list.push(session);
    byId.set(id, list);
  }
  return {
    byId: new Map([...byId.entries()].sort(([a], [b]) => compareText(a, b))),
    renamed: [...renamed.entries()].map(([name, id]) => ({ name, id })).sort((a, b) => compareText(a.name, b.name)),
    refused: [...refused.entries()].map(([name, sum]) => ({ name, ...sum })).sort((a, b) => compareText(a.name, b.name)),
  };
}
