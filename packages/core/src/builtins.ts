/**
 * Node built-ins that only some runs need, loaded on first use. `child_process`, `crypto`, `os`
 * and `v8` are not in Node's startup snapshot: a static import of each would load it on every run
 * of every command, whether that run needs it or not.
 * `process.getBuiltinModule` is Node ≥ 20.16 (engines: ≥ 20.17).
 */
export const builtin = {
  childProcess: () => process.getBuiltinModule('node:child_process'),
  crypto: () => process.getBuiltinModule('node:crypto'),
  os: () => process.getBuiltinModule('node:os'),
  v8: () => process.getBuiltinModule('node:v8'),
};
