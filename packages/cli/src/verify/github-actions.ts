import { type FlowForgeError, printable, type VerifyProblem, type VerifyReport } from '@flowforge/core/lite';
import { verdict } from './verdict.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;
const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

/**
 * A GitHub Actions workflow command that annotates the file in the run and the pull request:
 * `::error file=<path>::<message>`. Escaped as the runner expects (actions/toolkit's `command.ts`),
 * so a message with a colon, comma or line break cannot cut the command short; other control
 * characters of a file name (which anyone's pull request chooses) are shown as escapes.
 */
export function annotation(problem: VerifyProblem): string {
  return `::${COMMAND[problem.severity]} file=${escapeProperty(printable(problem.file))}::${escapeData(printable(problem.message))}`;
}

/** A team config the hook would refuse, as an error annotation of the run: its code, message and hint. */
export function configAnnotation(error: FlowForgeError): string {
  const lines = [...error.message.split('\n'), error.hint].map(printable);
  return `::error title=${escapeProperty(error.code)}::${escapeData(lines.join('\n'))}`;
}

/** The Markdown appended to `$GITHUB_STEP_SUMMARY`: the verdict and a table of every problem. */
export function stepSummary(report: VerifyReport): string {
  const lines = ['## FlowForge verify', '', `${report.ok ? '✅' : '❌'} ${verdict(report)}`, ''];
  if (report.problems.length > 0) {
    lines.push('| severity | file | problem |', '|---|---|---|');
    for (const { severity, file, message } of report.problems) lines.push(`| ${ICON[severity]} ${severity} | <code>${cell(file)}</code> | ${cell(message)} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
/**
 * Text as one table cell, shown literally: control characters (a line break would start a line
 * of the summary's own, say a fake verdict) as escapes, and every character Markdown or HTML would
 * act on as an entity.
 */
const cell = (text: string): string => printable(text).replace(/[&<>|`*_[\]\\#~!]/g, (char) => `&#${char.charCodeAt(0)};`);
