import { describe, expect, it } from 'vitest';
import { didYouMean } from '../src/did-you-mean.js';

const COMMANDS = ['init', 'start', 'pause', 'resume', 'stop', 'switch', 'status', 'add', 'log', 'edit', 'rm', 'aggregate', 'report', 'verify', 'export', 'erase'];
const PLUGINS = ['@flowforge/plugin-granularity', '@flowforge/plugin-backup', '@flowforge/plugin-migrate-v1', '@flowforge/plugin-github', '@flowforge/plugin-notion'];

describe('didYouMean', () => {
  it('takes the one name a word begins over a name one edit away: stat is status, not start', () => {
    expect(didYouMean('stat', COMMANDS)).toBe('status');
    expect(didYouMean('agg', COMMANDS)).toBe('aggregate');
    expect(didYouMean('--non-bill', ['--from', '--to', '--non-billable', '--note'])).toBe('--non-billable');
  });

  it('reads slips of the fingers by edit distance: a letter left out, doubled, swapped or mistyped', () => {
    expect(didYouMean('strat', COMMANDS)).toBe('start');
    expect(didYouMean('statuss', COMMANDS)).toBe('status');
    expect(didYouMean('expotr', COMMANDS)).toBe('export');
    expect(didYouMean('--form', ['--from', '--to', '--note'])).toBe('--from');
    expect(didYouMean('@flowforge/plugin-granularty', PLUGINS)).toBe('@flowforge/plugin-granularity');
    expect(didYouMean('@flowforge/plugin-notoin', PLUGINS)).toBe('@flowforge/plugin-notion');
  });

  it('suggests nothing rather than a guess: a far word, a single letter, a name that only shares a scope', () => {
    expect(didYouMean('bogus', COMMANDS)).toBeUndefined();
    expect(didYouMean('s', COMMANDS)).toBeUndefined();
    expect(didYouMean('@flowforge/plugin-jira', PLUGINS)).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });

  it('never suggests the word itself', () => {
    expect(didYouMean('status', ['status'])).toBeUndefined();
  });
});
