import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newestTeamFiles, teamRepo } from './helpers/team.js';

/**
 * Third-party plugins written only from docs/plugins.md, loaded from a team repo's own files the
 * way a team adds them: no knowledge of triggers, dry runs or other providers.
 */

/** docs/plugins.md's example policy, as printed there. */
const CAP_POLICY = `import { definePlugin } from '@flowforge/core';

const CAP = 8 * 3600;
export default definePlugin({
  name: 'cap-8h',
  apply(kernel) {
    kernel.hooks.aggregate.tap('cap-8h', (aggregation) => {
      const billedPerDay = new Map();
      const buckets = aggregation.buckets.map((bucket) => {
        const before = billedPerDay.get(bucket.period) ?? 0;
        const billableSeconds = Math.max(0, Math.min(bucket.billableSeconds, CAP - before));
        billedPerDay.set(bucket.period, before + billableSeconds);
        return { ...bucket, billableSeconds };
      });
      return { ...aggregation, buckets };
    });
  },
});
`;

/** A provider that books billable seconds in a ledger file, and notes each call it gets (a spy). */
const LEDGER_PROVIDER = `import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin } from '@flowforge/core';

export default definePlugin({
  name: 'flowforge-provider-ledger',
  apply(kernel, _options, { configDir }) {
    const note = (file, line) => appendFileSync(join(configDir, '.git', file), line + '\\n');
    kernel.addProvider({
      name: 'ledger',
      async plan(totals) {
        note('ledger-calls.log', 'plan');
        return totals.issues.map((issue) => ({ issue: issue.issue, action: 'create', detail: 'billable ' + issue.billableSeconds, data: issue.billableSeconds }));
      },
      async apply(change) {
        note('ledger.log', change.issue + ' ' + change.data);
        return 'booked ' + change.data;
      },
    });
  },
});
`;

const CSV_PROVIDER = fileURLToPath(new URL('../examples/provider-plugin/index.mjs', import.meta.url));

function contractTeam() {
  return teamRepo({
    files: {
      'tools/cap-8h.mjs': CAP_POLICY,
      'tools/ledger.mjs': LEDGER_PROVIDER,
      '.flowforgerc.json': JSON.stringify({ plugins: ['./tools/cap-8h.mjs', './tools/ledger.mjs', [CSV_PROVIDER, { dir: 'exports' }]] }),
    },
  });
}

describe('the plugin contract, as a third party reads it', () => {
  it('an aggregate policy that knows nothing of triggers shapes the team files and what publish hands providers alike', () => {
    const dev = contractTeam();
    dev.ffOk('add', '42', '--from', '2026-11-02T08:00', '--to', '2026-11-02T19:00');
    dev.ffOk('add', '7', '--from', '2026-11-03T09:00', '--to', '2026-11-03T10:00');
    dev.commitOk('work', { 'notes.txt': 'x\n' });

    const buckets = newestTeamFiles(dev).flatMap((file) => file.buckets);
    expect(buckets.map(({ issue, period, seconds, billableSeconds }) => ({ issue, period, seconds, billableSeconds }))).toEqual([
      { issue: '42', period: '2026-11-02', seconds: 11 * 3600, billableSeconds: 8 * 3600 },
      { issue: '7', period: '2026-11-03', seconds: 3600, billableSeconds: 3600 },
    ]);

    const published = dev.ff('publish', '--provider', 'ledger');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/ledger\s+7\s+create\s+booked 3600\n/);
    expect(published.stdout).toMatch(/ledger\s+42\s+create\s+booked 28800\n/);
    expect(readFileSync(join(dev.repo, '.git', 'ledger.log'), 'utf8')).toBe('7 3600\n42 28800\n');
  });

  it('a provider that never checks for a dry run writes nothing under --dry-run, and is not called under --provider other', () => {
    const dev = contractTeam();
    dev.ffOk('add', '42', '--from', '2026-11-02T08:00', '--to', '2026-11-02T09:30');
    dev.commitOk('work', { 'notes.txt': 'x\n' });
    const calls = join(dev.repo, '.git', 'ledger-calls.log');
    const ledger = join(dev.repo, '.git', 'ledger.log');

    const planned = dev.ff('publish', '--dry-run');
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/ledger\s+42\s+would create\s+billable 5400\n/);
    expect(readFileSync(calls, 'utf8')).toBe('plan\n');
    expect(existsSync(ledger)).toBe(false);
    expect(existsSync(join(dev.repo, 'exports', 'hours.csv'))).toBe(false);

    const other = dev.ff('publish', '--provider', 'csv');
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toMatch(/csv\s+42\s+create\s+wrote 42,1\.50,1\.50\n/);
    expect(readFileSync(calls, 'utf8')).toBe('plan\n');
    expect(existsSync(ledger)).toBe(false);
  });
});

/** A command, as docs/plugins.md shows one. */
const HELLO_COMMAND = `import { definePlugin } from '@flowforge/core';

export default definePlugin({
  name: 'flowforge-plugin-hello',
  apply(kernel) {
    kernel.addCommand({
      name: 'hello',
      summary: 'greet someone',
      arguments: [{ name: 'who', description: 'whom to greet', required: false }],
      options: [{ flags: '--loud', description: 'shout it' }],
      run({ args, options, print }) {
        const greeting = 'hello ' + (args[0] ?? 'world');
        print(options.loud ? greeting.toUpperCase() : greeting);
        return args[0] === 'nobody' ? 1 : 0;
      },
    });
  },
});
`;

describe('a plugin command', () => {
  it('appears in --help with its plugin, runs with its arguments and options, and exits with its code', () => {
    const dev = teamRepo({ files: { 'tools/hello.mjs': HELLO_COMMAND, '.flowforgerc.json': JSON.stringify({ plugins: ['./tools/hello.mjs'] }) } });
    expect(dev.ffOk('--help')).toMatch(/\n {2}hello \[options\] \[who\] +greet someone \(from flowforge-plugin-hello\)\n/);
    expect(dev.ffOk('help', 'hello')).toContain('--loud      shout it');
    expect(dev.ffOk('hello', 'bob', '--loud')).toBe('HELLO BOB\n');
    expect(dev.ff('hello', 'nobody')).toEqual({ code: 1, stdout: 'hello nobody\n', stderr: '' });
    expect(dev.json<{ plugins: { name: string; commands: string[] }[] }>('plugins').plugins.find((plugin) => plugin.name === 'flowforge-plugin-hello')?.commands).toEqual(['hello']);
  });

  it("--help says when the plugins' commands cannot be listed, and why", () => {
    const dev = teamRepo();
    writeFileSync(join(dev.repo, 'flowforge.config.mjs'), 'export default {\n');
    const help = dev.ff('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\n {2}report \[options\]/);
    expect(help.stdout).toContain('The commands of plugins (recover, erase, migrate, and the team\'s own) are not listed: FF_CONFIG_SYNTAX');
  });

  it('may not take a name FlowForge has', () => {
    const dev = teamRepo({ files: { 'tools/hello.mjs': HELLO_COMMAND.replace("name: 'hello'", "name: 'report'"), '.flowforgerc.json': JSON.stringify({ plugins: ['./tools/hello.mjs'] }) } });
    const typed = dev.ff('greet');
    expect(typed.code).toBe(2);
    expect(typed.stderr).toMatch(/^FF_COMMAND_TAKEN Plugin "flowforge-plugin-hello" adds the command "report", which FlowForge has\./);
  });
});

describe('the public API', () => {
  it('refuses a plugin that imports what @flowforge/core does not export to plugins, naming the import', () => {
    const reaching = `import { definePlugin, UserStore } from '@flowforge/core';\nexport default definePlugin({ name: 'reaching', apply() { void UserStore; } });\n`;
    const dev = teamRepo({ files: { 'tools/reaching.mjs': reaching, '.flowforgerc.json': JSON.stringify({ plugins: ['./tools/reaching.mjs'] }) } });
    const listed = dev.ff('plugins');
    expect(listed.code).toBe(2);
    expect(listed.stderr).toMatch(/^FF_PLUGIN_API \.flowforgerc\.json: plugins\[0\] "\.\/tools\/reaching\.mjs" imports `UserStore` from @flowforge\/core, which is not part of its public API\.\n/);
  });
});

/** The whole example of docs/plugins.md's "Capabilities", as printed there. */
function docsCapabilitiesExample(): string {
  const docs = readFileSync(fileURLToPath(new URL('../docs/plugins.md', import.meta.url)), 'utf8');
  const example = /```js\n(\/\/ tools\/old-tracker\.mjs\n[\s\S]*?)```/.exec(docs)?.[1];
  if (!example) throw new Error('docs/plugins.md no longer shows tools/old-tracker.mjs');
  return example;
}

describe('store capabilities', () => {
  it("the docs' importer files hours once, never over the developer's own, the next commit publishes them, and the docs' reader counts them", () => {
    const dev = teamRepo({
      files: {
        'tools/old-tracker.mjs': docsCapabilitiesExample(),
        '.flowforgerc.json': JSON.stringify({ plugins: ['./tools/old-tracker.mjs'] }),
        'hours.csv': '42,2026-11-02T13:00:00Z,2026-11-02T15:00:00Z\n7,2026-11-03T09:00:00Z,2026-11-03T10:00:00Z\n42,2026-11-02T07:30:00Z,2026-11-02T08:30:00Z\n',
      },
    });
    dev.ffOk('add', '42', '--from', '2026-11-02T08:00', '--to', '2026-11-02T10:00');
    expect(dev.ffOk('import-old', 'hours.csv')).toBe('2 imported, 0 there already, 1 left out (they overlap your own time)\n');
    expect(dev.ffOk('import-old', 'hours.csv')).toBe('0 imported, 2 there already, 1 left out (they overlap your own time)\n');
    dev.commitOk('work', { 'notes.txt': 'x\n' });
    expect(newestTeamFiles(dev).flatMap((file) => file.buckets.map(({ issue, period, seconds }) => ({ issue, period, seconds })))).toEqual([
      { issue: '42', period: '2026-11-02', seconds: 4 * 3600 },
      { issue: '7', period: '2026-11-03', seconds: 3600 },
    ]);
    expect(dev.ffOk('team-hours')).toBe('42 4\n7 1\n');
  });
});
