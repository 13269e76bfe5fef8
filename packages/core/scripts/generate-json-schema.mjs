// Writes the JSON Schema of the team config from its zod schema, so that a `.flowforgerc.json`
// with "$schema": "./node_modules/@flowforge/core/schema/flowforge.schema.json" gets completion.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { configSchema } from '../dist/config/schema.js';

const schema = z.toJSONSchema(configSchema(), { target: 'draft-7', io: 'input', unrepresentable: 'any' });
const out = new URL('../schema/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(
  new URL('flowforge.schema.json', out),
  `${JSON.stringify({ title: 'FlowForge team config', ...schema }, null, 2)}\n`,
);
