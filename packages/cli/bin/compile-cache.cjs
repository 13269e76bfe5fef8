// A V8 code cache for the bundle. Compiling its ~500 KB of JavaScript costs a run ~15 ms; V8
// skips that with cached data, and data made at exit (`createCachedData()` after the run) also
// holds the functions that V8 compiled lazily, which a cache made right after compiling does not
// (that kind gave no measurable gain). Node 20 has no `module.enableCompileCache()`, so files in
// `bundle/` are compiled here, with `vm.Script`, as Node's loader would compile them — on every
// Node version alike, so that there is one way to test.
//
// The cache lives in `FLOWFORGE_COMPILE_CACHE` (a folder), else `<tmp>/flowforge-compile-cache-<uid>`,
// one subfolder per Node version, architecture and install, and in it one per command;
// `FLOWFORGE_COMPILE_CACHE=0` turns it off. An entry is the source followed by V8's data, used
// only if the source is the same to the byte: V8 itself checks just the length of the source (and
// its own version and flags). A cache that cannot be read or written only makes a run slower:
// nothing here throws.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const setting = process.env.FLOWFORGE_COMPILE_CACHE;
const root = setting === '0' ? null : setting || defaultRoot();
const bundle = path.join(__dirname, '..', 'bundle') + path.sep;
/**
 * Smaller files are left to Node's loader: they compile faster than an entry is read and checked
 * (the hook's fast path loads only `hook.cjs`, 2 KB, and was ~1 ms slower through the cache). The
 * kernel, zod, cosmiconfig and the command parser are chunks of 20–200 KB.
 */
const SMALL = 16 * 1024;

/** Not `os.tmpdir()`: `os` is outside Node's startup snapshot. Windows' TEMP is per user. */
function defaultRoot() {
  if (process.platform === 'win32') {
    const temp = process.env.TEMP || process.env.TMP;
    return temp ? path.join(temp, 'flowforge-compile-cache') : null;
  }
  return path.join(process.env.TMPDIR || '/tmp', `flowforge-compile-cache-${process.getuid()}`);
}

/**
 * Cached data is code that V8 runs, so it is read only from a folder that nobody else can write:
 * ours, not writable by group or others (in a shared /tmp, anyone could create the folder first).
 */
function trusted(folder) {
  try {
    const stat = fs.lstatSync(folder);
    return stat.isDirectory() && (process.platform === 'win32' || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

if (root) {
  const vm = require('node:vm');
  // Per install, named by a hash of the bundle's path: a global FlowForge and a project's own (which
  // the hook runs) may be two versions, whose `main.cjs` would otherwise replace each other's entry.
  const install = path.join(root, `${process.version}-${process.arch}-${shortHash(bundle)}`);
  const dir = path.join(install, commandOf(process.argv[2]));
  const readable = trusted(root);
  /** Scripts whose entry is missing or was rejected, written at exit. */
  const stale = [];

  const compileOther = Module._extensions['.cjs'] ?? Module._extensions['.js'];
  Module._extensions['.cjs'] = function compileCjs(module, filename) {
    if (!filename.startsWith(bundle) || fs.statSync(filename).size < SMALL) return compileOther.call(this, module, filename);
    const source = fs.readFileSync(filename);
    const name = path.basename(filename);
    const cachedData = readable ? cachedDataFor(path.join(dir, name), source) : undefined;
    // `Module.wrap` keeps the wrapper on the source's first line, so line numbers stay right.
    const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) stale.push({ name, source, script });
    const run = script.runInThisContext({ displayErrors: true });
    // Node's own `require` for this file (resolve, cache, main); only `module.children` stays
    // empty, and nothing reads it.
    const require = Module.createRequire(filename);
    run.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  };

  // Only what was missing or rejected: a run that found every entry writes nothing, and neither
  // does a usage error (exit code 2: a mistyped command would get a folder of its own).
  process.once('exit', (code) => {
    if (stale.length === 0 || code === 2) return;
    try {
      if (!readable) {
        fs.mkdirSync(root, { recursive: true, mode: 0o700 });
        if (!trusted(root)) return;
      }
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      return;
    }
    for (const { name, source, script } of stale) write(path.join(dir, name), source, script);
    removeEntriesOfOtherChunks(dir);
    removeEntriesOfOneForAll(install);
  });
}

/**
 * The command a run's entries are kept for. V8's data holds the functions compiled by the run that
 * wrote it, and chunks are shared (the kernel serves the hook, `config` and `report` alike): had
 * `config` written the kernel's entry first, every commit would compile the hook's functions again
 * (~4 ms). Runs without a command first (`--version`, `--help`, options first) share `main`.
 */
function commandOf(first) {
  return first !== undefined && /^[a-z][a-z0-9-]{0,31}$/.test(first) ? first : 'main';
}

/** FNV-1a, 32 bits: enough to tell installs apart, without `crypto` (outside the startup snapshot). */
function shortHash(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Chunk names change with their content, so an upgrade in place leaves the old entries behind:
 * removed when this install writes, which it does after an upgrade. Only this install's folder.
 */
function removeEntriesOfOtherChunks(dir) {
  try {
    const chunks = new Set(fs.readdirSync(bundle));
    for (const name of fs.readdirSync(dir)) if (!chunks.has(name)) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    // Nothing to do: the next write tries again.
  }
}

/** Entries of the layout before folders per command, in the install's folder: removed by a writing run. */
function removeEntriesOfOneForAll(install) {
  try {
    for (const entry of fs.readdirSync(install, { withFileTypes: true })) if (entry.isFile()) fs.rmSync(path.join(install, entry.name), { force: true });
  } catch {
    // Nothing to do: the next write tries again.
  }
}

function cachedDataFor(file, source) {
  let entry;
  try {
    entry = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  return entry.length > source.length && source.equals(entry.subarray(0, source.length)) ? entry.subarray(source.length) : undefined;
}

/** Temp file and rename: a concurrent run reads a whole entry or none. */
function write(file, source, script) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, Buffer.concat([source, script.createCachedData()]), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing to do: the next run tries again.
    }
  }
}
