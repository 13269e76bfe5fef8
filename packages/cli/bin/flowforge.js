#!/usr/bin/env node
// The smallest possible entry point (husky's model): everything else loads on demand, from the
// bundle that `npm run build` makes of `dist/` (scripts/bundle.mjs). Git hooks skip even the
// argument parser, because they run on every commit.
const [, , command, ...rest] = process.argv;
if (command === 'hook' && !rest.includes('--help') && !rest.includes('-h')) {
  import('../bundle/hook.js').then(({ runHook }) => runHook(rest));
} else {
  import('../bundle/main.js').then(({ main }) => main(process.argv));
}
