import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/validate.js';
import { DEFAULT_PLUGINS } from '../src/config/schema.js';
import type { FlowForgeError } from '../src/errors.js';

function issuesOf(raw: unknown): string {
  try {
    validateConfig(raw, 'flowforge.config.mjs');
  } catch (thrown) {
    const error = thrown as FlowForgeError;
    expect(error.code).toBe('FF_CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
    return error.message;
  }
  throw new Error('expected the config to be refused');
}

describe('config schema', () => {
  it('fills every default, so commands never check for missing settings', () => {
    expect(validateConfig({}, 'x')).toEqual({
      team: {},
      billing: { currency: 'EUR', rates: { default: 0, users: {}, issues: {} } },
      hook: { failOnError: false, staleTimerHours: 10 },
      plugins: DEFAULT_PLUGINS,
    });
  });

  it('keeps what docs/configuration.md shows', () => {
    const config = validateConfig(
      {
        team: { name: 'acme', timezone: 'Europe/Berlin' },
        billing: { currency: 'USD', rates: { default: 100, users: { alice: 120 }, issues: { '42': 150 } } },
        plugins: [['@flowforge/plugin-granularity', { period: 'week' }], './tools/my-plugin.mjs'],
      },
      'x',
    );
    expect(config.billing.rates.issues['42']).toBe(150);
    expect(config.plugins).toEqual([['@flowforge/plugin-granularity', { period: 'week' }], './tools/my-plugin.mjs']);
  });

  it.each([
    [{ team: { timezone: 'Mars/Olympus' } }, 'team.timezone: expected an IANA time zone'],
    [{ billing: { currency: 978 } }, 'billing.currency: expected a 3-letter ISO 4217 currency code such as "EUR", received number'],
    [{ billing: { currency: 'eur' } }, 'billing.currency: expected a 3-letter ISO 4217 currency code in capitals'],
    [{ billing: { rates: { issues: { '42': -5 } } } }, 'billing.rates.issues["42"]: Too small'],
    [{ billing: { rates: { users: { 'Bad User': 5 } } } }, 'billing.rates.users'],
    [{ hook: { staleTimerHours: 0 } }, 'hook.staleTimerHours'],
    [{ biling: {} }, 'biling: unknown setting'],
    [{ team: { nmae: 'x' } }, 'team.nmae: unknown setting'],
    [{ plugins: [42] }, 'plugins[0]: expected a plugin name, a path, a plugin object, or [nameOrPath, options]'],
    [{ plugins: 'x' }, 'plugins: Invalid input: expected array'],
  ])('refuses %j naming the path and the expected value', (raw, expected) => {
    expect(issuesOf(raw)).toContain(expected);
  });

  it('reports every problem at once, not only the first', () => {
    const message = issuesOf({ team: { timezone: 'Nowhere' }, billing: { currency: 1 }, hook: { failOnError: 'yes' } });
    expect(message).toContain('team.timezone');
    expect(message).toContain('billing.currency');
    expect(message).toContain('hook.failOnError');
  });
});
