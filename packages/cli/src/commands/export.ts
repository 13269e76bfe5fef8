import { toUtcInstant } from '@flowforge/core/lite';
import type { CommandAction } from '../main.js';
import { writeOutFile } from '../out-file.js';
import { printLine } from '../output.js';
import { trackingContext } from '../tracking-context.js';

/**
 * `flowforge export [--out F]` (GDPR portability): everything FlowForge keeps about you on this
 * machine, as one JSON document — preferences, timers, and every daily log record with its history.
 */
const exportData: CommandAction = async (_args, options, session) => {
  const context = await trackingContext(session);
  const document = await context.store.locked(async () => {
    const days: Record<string, unknown[]> = {};
    for (const day of await context.store.days()) days[day] = await context.store.readDay(day);
    return {
      schema: 'flowforge.export/1',
      user: context.user,
      exportedAt: toUtcInstant(context.nowMs),
      config: await context.store.readConfig(),
      timer: await context.store.readTimer(),
      days,
    };
  });
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (!options.out) return void process.stdout.write(text);
  await writeOutFile(String(options.out), text, 0o600);
  printLine(`Wrote all of ${context.user}'s private data (${Object.keys(document.days).length} days) to ${options.out}`);
};

export default exportData;
