/**
 * Node built-ins that only some runs need, loaded on first use. `child_process`, `crypto`, `os`
 * and `v8` are not in Node's startup snapshot: a static import of each costs 5–12 ms on every run
 * of every command, more than a whole report of five developers spends on its data.
 * `process.getBuiltinModule` is Node ≥ 20.16 (engines: ≥ 20.17).
 */
export const builtin = {
  childProcess: () => process.getBuiltinModule('node:child_process'),
  crypto: () => process.getBuiltinModule('node:crypto'),
  os: () => process.getBuiltinModule('node:os'),
  v8: () => process.getBuiltinModule('node:v8'),
};
