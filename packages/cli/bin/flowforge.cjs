#!/usr/bin/env node
// The smallest possible entry point (husky's model): everything else loads on demand, from the
// bundle that `npm run build` makes of `dist/` (scripts/bundle.mjs). CommonJS on purpose: Node
// loads a `require`d file sooner than an ES module. Git hooks skip even the argument parser,
// because they run on every commit.
'use strict';
// Node's own compile cache (Node ≥ 22.1; NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1
// turns it off), so that V8 need not compile the bundle again on every run. Node 20 has none.
require('node:module').enableCompileCache?.();
const [, , command, ...rest] = process.argv;
if (command === 'hook' && !rest.includes('--help') && !rest.includes('-h')) {
  require('../bundle/hook.cjs').runHook(rest);
} else {
  require('../bundle/main.cjs').main(process.argv);
}
