// Assembles `src/hash/sha256.wat` into `src/hash/sha256-wasm.ts`, which is committed, so that
// building FlowForge needs no assembler. Run it after editing the `.wat`; a test checks that the
// two agree (test/sha256.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const WAT = new URL('../src/hash/sha256.wat', import.meta.url);
const OUT = new URL('../src/hash/sha256-wasm.ts', import.meta.url);

/** The TypeScript module that carries the assembled bytes, as base64. */
export async function assembledSha256Module() {
  const assembler = await wabt();
  const parsed = assembler.parseWat('sha256.wat', readFileSync(WAT, 'utf8'));
  try {
    const { buffer } = parsed.toBinary({});
    const base64 = Buffer.from(buffer).toString('base64');
    return (
      '// Generated from sha256.wat by packages/core/scripts/assemble-sha256.mjs: do not edit.\n' +
      `export const SHA256_WASM = '${base64}';\n`
    );
  } finally {
    parsed.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUT, await assembledSha256Module());
}
