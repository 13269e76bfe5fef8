import { describe, expect, it } from 'vitest';
import { createRequestSpacer, type SpacerClock } from '../src/request-spacer.js';

/** A clock that stands still unless advanced, and records every wait it is asked for. */
function fakeClock(): SpacerClock & { sleeps: number[]; advance(ms: number): void } {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => void sleeps.push(ms),
    advance: (ms) => void (now += ms),
  };
}

describe('createRequestSpacer', () => {
  it('starts the first request at once and gives the next ones slots one interval apart, in call order', async () => {
    const clock = fakeClock();
    const spacer = createRequestSpacer(334, clock);
    const started: string[] = [];
    const task = (name: string) => async () => void started.push(name);

    await Promise.all([spacer.schedule(task('a')), spacer.schedule(task('b')), spacer.schedule(task('c'))]);

    expect(clock.sleeps).toEqual([334, 668]);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('waits only for what is left of the interval, and not at all after a longer pause', async () => {
    const clock = fakeClock();
    const spacer = createRequestSpacer(334, clock);
    await spacer.schedule(async () => {});
    clock.advance(100);
    await spacer.schedule(async () => {});
    clock.advance(5_000);
    await spacer.schedule(async () => {});

    expect(clock.sleeps).toEqual([234]);
  });

  it('passes results and failures of the task through', async () => {
    const spacer = createRequestSpacer(334, fakeClock());
    await expect(spacer.schedule(async () => 42)).resolves.toBe(42);
    await expect(spacer.schedule(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
