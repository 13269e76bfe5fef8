import { distance } from 'fastest-levenshtein';

/**
 * The known name a mistyped one most likely meant, or `undefined` when none is close.
 *
 * A word that begins exactly one known name (`stat` → `status`) means that name, though another is
 * a single edit away (`start`): a user who stops typing early means the longer word, which edit
 * distance alone ranks lower. Otherwise the nearest name by edit distance, if it is close: at most
 * `MAX_EDITS` away, and less than `MAX_SHARE` of the longer word changed (commander's own measure).
 * The first bound keeps long names that share a scope apart: `@flowforge/plugin-jira` is no slip
 * for `@flowforge/plugin-github`, however alike the two strings are.
 */
export function didYouMean(typed: string, known: Iterable<string>): string | undefined {
  const names = [...new Set(known)].filter((name) => name !== typed);
  const begun = names.filter((name) => name.startsWith(typed));
  if (begun.length === 1 && typed.replace(/^-+/, '').length >= MIN_PREFIX) return begun[0];
  let best: { name: string; edits: number } | undefined;
  for (const name of names) {
    const edits = distance(typed, name);
    const close = edits <= MAX_EDITS && edits < MAX_SHARE * Math.max(typed.length, name.length);
    if (close && (best === undefined || edits < best.edits)) best = { name, edits };
  }
  return best?.name;
}

/** A single letter (`s`, or the option `--n`) says too little to be read as the beginning of a name. */
const MIN_PREFIX = 2;
/** A slip of the fingers: a letter left out, doubled, swapped (two edits) or mistyped. */
const MAX_EDITS = 2;
const MAX_SHARE = 0.6;
