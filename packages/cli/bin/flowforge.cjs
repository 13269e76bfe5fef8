#!/usr/bin/env node
// The smallest possible entry point (husky's model): everything else loads on demand, from the
// bundle that `npm run build` makes of `dist/` (scripts/bundle.mjs). CommonJS on purpose: Node
// loads a `require`d file ~10 ms sooner than an ES module. Git hooks skip even the argument
// parser, because they run on every commit.
'use strict';
require('./compile-cache.cjs'); // a V8 code cache for the bundle, on every Node version
const [, , command, ...rest] = process.argv;
if (command === 'hook' && !rest.includes('--help') && !rest.includes('-h')) {
  require('../bundle/hook.cjs').runHook(rest);
} else {
  require('../bundle/main.cjs').main(process.argv);
}
