import { loadConfig, loadSettings } from '@flowforge/core/internal';
import { checkConfiguredPlugins } from '../config-check.js';
import type { CommandAction } from '../main.js';
import { dim, printJson, printLine } from '../output.js';

/**
 * `flowforge config [--json]`: the config after defaults, and the file it came from — refused, as
 * the hook would refuse it, when a plugin it names does not load or rejects its options.
 */
const showConfig: CommandAction = async (_args, options, session) => {
  const where = { cwd: session.cwd, repoRoot: session.repoRoot, ...(session.config ? { configPath: session.config } : {}) };
  const loaded = await loadConfig(where);
  await loadSettings({ ...where, fresh: true }); // refreshes the settings the fast commands read
  await checkConfiguredPlugins(session, loaded);
  // Inline plugin objects hold functions; show them by name.
  const plugins = loaded.config.plugins.map((entry) => (typeof entry === 'object' && !Array.isArray(entry) ? { inline: entry.name } : entry));
  const config = { ...loaded.config, plugins };
  if (options.json) {
    printJson({ schema: 'flowforge.config/1', file: loaded.file, config });
    return;
  }
  printLine(dim(loaded.file ? `# ${loaded.file}` : '# no config file found: defaults'));
  printLine(JSON.stringify(config, null, 2));
};

export default showConfig;
