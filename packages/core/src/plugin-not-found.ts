import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { didYouMean } from './did-you-mean.js';
import { type FlowForgeError, flowForgeError } from './errors.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * `FF_PLUGIN_NOT_FOUND` with what the user most likely has to do: a package that a `package.json`
 * from the config's folder up lists was not installed in this clone (a teammate added it: `npm
 * ci`); otherwise the name may be a slip for one FlowForge ships (`firstParty`) or one those
 * `package.json` files list.
 */
export function pluginNotFound(where: { file: string; entry: string; specifier: string; from: string }, firstParty: readonly string[]): FlowForgeError {
  const { specifier, from } = where;
  if (specifier.startsWith('.') || isAbsolute(specifier)) return flowForgeError('FF_PLUGIN_NOT_FOUND', where);
  const manifests = manifestsFrom(from);
  const listing = manifests.find(({ dependencies }) => dependencies.includes(specifier));
  if (listing) return flowForgeError('FF_PLUGIN_NOT_FOUND', { ...where, listedIn: listing.display });
  const suggestion = didYouMean(specifier, [...firstParty, ...manifests.flatMap(({ dependencies }) => dependencies)]);
  if (suggestion) return flowForgeError('FF_PLUGIN_NOT_FOUND', { ...where, suggestion });
  // A name in FlowForge's scope that is none of its plugins: the list is what the user was after.
  return flowForgeError('FF_PLUGIN_NOT_FOUND', specifier.startsWith('@flowforge/') ? { ...where, firstParty } : where);
}

interface Manifest {
  /** Its path from the config's folder, e.g. `package.json` or `../package.json`. */
  display: string;
  dependencies: string[];
}

/** The `package.json` files Node would look beside for `node_modules`, from `dir` up, nearest first. */
function manifestsFrom(dir: string): Manifest[] {
  const manifests: Manifest[] = [];
  let hops = 0;
  for (let current = resolve(dir); ; current = dirname(current), hops += 1) {
    const dependencies = dependenciesIn(join(current, 'package.json'));
    if (dependencies) manifests.push({ display: join(...Array<string>(hops).fill('..'), 'package.json'), dependencies });
    if (dirname(current) === current) return manifests;
  }
}

function dependenciesIn(file: string): string[] | undefined {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined; // none here, or not ours to judge: the install tells what is wrong with it
  }
  return DEPENDENCY_FIELDS.flatMap((field) => {
    const listed = manifest[field];
    return typeof listed === 'object' && listed !== null ? Object.keys(listed) : [];
  });
}
