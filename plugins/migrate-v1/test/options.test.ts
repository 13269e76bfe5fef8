import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin, { migrateV1OptionsSchema, readV1File, V1FileError } from '../src/index.js';

describe('plugin options', () => {
  it('default to a parallel run and leave the file to the search order', () => {
    expect(migrateV1OptionsSchema.parse(undefined)).toEqual({ parallelRun: true });
    expect(migrateV1OptionsSchema.parse({ file: 'legacy.json', parallelRun: false })).toEqual({ file: 'legacy.json', parallelRun: false });
  });

  it('refuse unknown keys and empty paths with the path of the problem', () => {
    const unknown = migrateV1OptionsSchema.safeParse({ files: 'x' });
    expect(unknown.success).toBe(false);
    const empty = migrateV1OptionsSchema.safeParse({ file: ' ' });
    expect(empty.error?.issues[0]).toMatchObject({ path: ['file'], message: 'expected a path to the v1 file, such as ".task-times.json"' });
  });

  it('are the schema of the plugin the kernel validates', () => {
    expect(plugin.name).toBe('@flowforge/plugin-migrate-v1');
    expect(plugin.options).toBe(migrateV1OptionsSchema);
  });
});

describe('readV1File', () => {
  it('returns undefined for a missing file, the JSON otherwise (a byte-order mark is tolerated)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flowforge-v1-'));
    try {
      expect(await readV1File(join(dir, 'missing.json'))).toBeUndefined();
      await writeFile(join(dir, 'bom.json'), '\uFEFF{"1": {"sessions": []}}');
      expect(await readV1File(join(dir, 'bom.json'))).toEqual({ '1': { sessions: [] } });
      await writeFile(join(dir, 'broken.json'), '{"1": ');
      await expect(readV1File(join(dir, 'broken.json'))).rejects.toBeInstanceOf(V1FileError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
