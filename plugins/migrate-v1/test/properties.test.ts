import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretV1 } from '../src/index.js';

const FROM = Date.UTC(2015, 0, 1) / 1000;
const TO = Date.UTC(2035, 0, 1) / 1000;
const stamp = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** A session as the canonical v1 script wrote it: valid stamps, decimal hours with 2 decimals. */
const canonicalSession = fc.record({
  user: fc.constantFrom('alice', 'bob', 'carol'),
  start: fc.integer({ min: FROM, max: TO }),
  seconds: fc.integer({ min: 1, max: 36 * 3600 }),
});

const canonicalFile = fc.dictionary(fc.integer({ min: 1, max: 9999 }).map(String), fc.array(canonicalSession, { maxLength: 8 }), { maxKeys: 6 });

function toV1(file: Record<string, { user: string; start: number; seconds: number }[]>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(file).map(([issue, sessions]) => [
      issue,
      {
        status: 'paused',
        sessions: sessions.map((s, index) => ({
          start: stamp(s.start),
          end: stamp(s.start + s.seconds),
          duration: Math.round(s.seconds / 36) / 100,
          user: s.user,
          instance_id: `${s.user}@host:${index}:${s.start}`,
        })),
      },
    ]),
  );
}

describe('canonical v1 files', () => {
  it('import every session at exactly its stamp difference, and per user × issue the sum of end - start', () => {
    fc.assert(
      fc.property(canonicalFile, (file) => {
        const result = interpretV1(toV1(file));
        const expected = new Map<string, number>();
        let count = 0;
        for (const [issue, sessions] of Object.entries(file)) {
          for (const s of sessions) {
            expected.set(`${s.user} ${issue}`, (expected.get(`${s.user} ${issue}`) ?? 0) + s.seconds);
            count += 1;
          }
        }
        expect(result.sessions).toHaveLength(count);
        for (const migrated of result.sessions) {
          const original = file[migrated.source.key]?.[migrated.source.index];
          expect(migrated.seconds).toBe(original?.seconds);
          expect(Date.parse(migrated.end) - Date.parse(migrated.start)).toBe(migrated.seconds * 1000);
        }
        const imported = new Map(result.v1Totals.map((t) => [`${t.user} ${t.issue}`, t.importedSeconds]));
        expect(imported).toEqual(expected);
        // v1's two decimals err by at most 18 s a session, and that is always explained.
        for (const total of result.v1Totals) expect(total.explained).toBe(true);
        expect(result.findings.every((f) => f.kind === 'overlap')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('scale', () => {
  it('interprets 20,000 sessions', () => {
    const users = ['alice', 'bob', 'carol', 'dave'];
    const file: Record<string, unknown> = {};
    let start = Date.UTC(2024, 0, 1) / 1000;
    for (let issue = 1; issue <= 200; issue += 1) {
      const sessions = [];
      for (let index = 0; index < 100; index += 1) {
        const seconds = 600 + ((issue * 7919 + index * 104_729) % 7200);
        const user = users[(issue + index) % users.length] ?? 'alice';
        sessions.push({ start: stamp(start), end: stamp(start + seconds), duration: Math.round(seconds / 36) / 100, user, instance_id: `${user}@host:1:${start}` });
        start += seconds + 60;
      }
      file[String(issue)] = { status: 'closed', sessions };
    }
    const began = performance.now();
    const result = interpretV1(file);
    const elapsed = performance.now() - began;
    console.log(`interpretV1: 20,000 sessions in ${elapsed.toFixed(0)} ms`);
    expect(result.sessions).toHaveLength(20_000);
    expect(result.findings).toEqual([]);
    expect(result.v1Totals).toHaveLength(200 * users.length);
  });
});
