// `import()` for the bundle, which the build routes here (scripts/bundle.mjs): code compiled by
// compile-cache.cjs with a V8 code cache cannot call `import()` on Node 20; this file is compiled
// by Node's own loader, so it can. Specifiers are absolute URLs or bare package names, which
// resolve from here as they would from `bundle/`.
'use strict';
module.exports = (specifier) => import(specifier);
