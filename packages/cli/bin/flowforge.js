#!/usr/bin/env node
// The smallest possible entry point (husky's model): everything else loads on demand. Git hooks
// skip even the argument parser, because they run on every commit.
const [, , command, ...rest] = process.argv;
if (command === 'hook' && !rest.includes('--help') && !rest.includes('-h')) {
  import('../dist/hook.js').then(({ runHook }) => runHook(rest));
} else {
  import('../dist/main.js').then(({ main }) => main(process.argv));
}
