import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Renders a path the way a user would write it in JavaScript: `plugins[0].options.period`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Every problem zod found, each as `path: message` (changesets' config errors are the model). */
export function toConfigIssues(error: z.ZodError, prefix = ''): ConfigIssue[] {
  return error.issues.flatMap((issue) =>
    // zod reports unknown keys on their parent; name each key itself, where the typo is.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key], prefix),
          message: 'unknown setting; check its spelling (docs/configuration.md lists every setting)',
        }))
      : [{ path: formatPath(issue.path, prefix), message: issue.message }],
  );
}
