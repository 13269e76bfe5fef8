import { type DoctorCheck, runDoctorChecks } from '../doctor/checks.js';
import type { CommandAction } from '../main.js';
import { dim, printJson, printLine, red, yellow } from '../output.js';

const MARK = { pass: '✓', warn: yellow('!'), fail: red('✗'), skip: dim('-') } as const;

/**
 * `flowforge doctor [--json]`: checks this clone's set-up — git, config, hook wiring, ignored and
 * committed private data, permissions, user id, queued failures, backups — and says how to fix
 * each problem. Reads only; changes nothing. Exit 1 when a check fails (warnings do not fail).
 */
const doctor: CommandAction = async (_args, options, session) => {
  const checks = await runDoctorChecks(session.cwd, session);
  const failed = checks.filter((check) => check.status === 'fail');
  if (options.json) printJson({ schema: 'flowforge.doctor/1', ok: failed.length === 0, checks });
  else {
    for (const check of checks) printCheck(check);
    printLine();
    printLine(failed.length === 0 ? `All ${checks.length} checks passed.` : `${failed.length} problem(s): ${failed.map((check) => check.title).join(', ')}.`);
  }
  return failed.length === 0 ? 0 : 1;
};

function printCheck({ status, title, message, fix }: DoctorCheck): void {
  printLine(`${MARK[status]} ${title}: ${message}`);
  if (fix) printLine(`    fix: ${fix}`);
}

export default doctor;
