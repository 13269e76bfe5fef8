import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/validate.js';
import { Kernel } from '../src/kernel.js';
import { definePlugin } from '../src/plugin.js';
import { loadPlugins } from '../src/plugin-loader.js';

const GRANULARITY = '@flowforge/plugin-granularity';
/** A file inside this monorepo, as the CLI passes its own: first-party packages resolve from it. */
const INSIDE_INSTALLATION = new URL('./plugin-loader.test.ts', import.meta.url).href;

const compiledIn = definePlugin({ name: 'compiled-in granularity', apply: () => {} });
/** The version of this monorepo's first-party packages (installed below as workspaces). */
const VERSION = (JSON.parse(readFileSync(new URL('../../../plugins/granularity/package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function pluginsLoadedFrom(configDir: string, cliVersion = VERSION) {
  const kernel = new Kernel();
  const config = validateConfig({ plugins: [GRANULARITY] }, 'test');
  const preloaded = { version: cliVersion, plugins: new Map([[GRANULARITY, async () => compiledIn]]) };
  await loadPlugins(kernel, { file: null, dir: configDir, config }, { cwd: configDir, bundledFrom: INSIDE_INSTALLATION, preloaded });
  return kernel.plugins.map((plugin) => ({ name: plugin.name, bundled: plugin.source.bundled, from: plugin.source.from }));
}

describe('loading first-party plugins', () => {
  it("uses the CLI's compiled-in copy when the team repo has not installed the plugin", async () => {
    const bare = mkdtempSync(join(tmpdir(), 'flowforge-plugins-'));
    expect(await pluginsLoadedFrom(bare)).toEqual([{ name: 'compiled-in granularity', bundled: true, from: '@flowforge/cli' }]);
  });

  it("uses the compiled-in copy when the team installed the CLI's own version: the same code, without a second core", async () => {
    const installed = await pluginsLoadedFrom(new URL('..', import.meta.url).pathname);
    expect(installed).toEqual([{ name: 'compiled-in granularity', bundled: true, from: '@flowforge/cli' }]);
  });

  it("imports the team's own installation when it is another version, which then wins", async () => {
    const installed = await pluginsLoadedFrom(new URL('..', import.meta.url).pathname, '9.9.9');
    expect(installed).toEqual([{ name: GRANULARITY, bundled: false, from: expect.stringMatching(/plugins[\\/]granularity[\\/]dist[\\/]index\.js$/) }]);
  });
});
