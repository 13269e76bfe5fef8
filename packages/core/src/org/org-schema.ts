import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { REPO_NAME } from './org-file.js';

let built: ReturnType<typeof buildOrgSchema> | undefined;

/** The org file's schema (`org-file.ts` reads and checks the file), built on first use. */
export function orgSchema(): ReturnType<typeof buildOrgSchema> {
  built ??= buildOrgSchema();
  return built;
}

function buildOrgSchema() {
  /**
   * A git URL FlowForge hands to `git fetch`: never one that starts like an option, and never the
   * `ext::` transport, which runs a command (git refuses it by default; an org file cannot ask).
   */
  const gitUrl = z
    .string()
    .min(1)
    .refine((url) => !url.startsWith('-') && !/^ext::/i.test(url) && !/[\0\n\r]/.test(url), {
      error: 'expected a git URL such as "git@github.com:acme/api.git" or "file:///srv/git/app.git"',
    });
  /** A branch, a tag or `HEAD`: the characters of a ref name, no option, no `..`, no refspec. */
  const gitRef = z
    .string()
    .regex(/^(?!-)(?!.*\.\.)[\w./-]+$/, { error: 'expected a branch, tag or HEAD such as "main" or "refs/tags/v1.0"' });
  const repoName = z.string().regex(REPO_NAME, { error: 'expected a name of letters, digits, ".", "_" or "-"' });
  const hourlyRate = z.number().nonnegative().finite();
  const billing = configSchema().shape.billing.unwrap();
  return z.strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).optional(),
    timezone: configSchema().shape.team.unwrap().shape.timezone,
    repos: z
      .array(
        z.union([
          gitUrl,
          z.strictObject({
            url: gitUrl,
            ref: gitRef.default('HEAD'),
            name: repoName.optional(),
            group: z.string().min(1).optional(),
            rates: z.enum(['org', 'repo']).default('org'),
          }),
        ]),
      )
      .min(1, { error: 'expected at least one repository' }),
    billing: z
      .strictObject({
        currency: billing.shape.currency,
        locale: billing.shape.locale,
        rates: z
          .strictObject({
            default: hourlyRate.default(0),
            users: billing.shape.rates.unwrap().shape.users,
            repos: z.record(repoName, hourlyRate).default({}),
            issues: z.record(z.string(), hourlyRate).default({}),
          })
          .prefault({}),
      })
      .prefault({}),
    fetch: z.strictObject({ concurrency: z.number().int().min(1).max(32).default(8) }).prefault({}),
  });
}
