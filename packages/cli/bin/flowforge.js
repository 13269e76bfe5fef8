#!/usr/bin/env node
// The smallest possible entry point (husky's model): everything else loads on demand.
import('../dist/main.js').then(({ main }) => main(process.argv));
