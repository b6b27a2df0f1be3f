/**
 * Which package a file belongs to: the nearest package.json above it, read through the project's file system
 * (cached per file system, per directory), and where shallot's own code is.
 */
import path from 'node:path';
import type { FileSystemHost, SourceFile } from 'ts-morph';

interface Package {
  /** Its `name`, when the manifest has one. */
  readonly name: string | undefined;
  /** The directory of its package.json. */
  readonly dir: string;
}

const known = new WeakMap<FileSystemHost, Map<string, Package | undefined>>();

/** The package of the nearest package.json at or above `dir` (undefined when there is none, or it does not parse). */
function packageAt(host: FileSystemHost, dir: string): Package | undefined {
  let cache = known.get(host);
  if (cache === undefined) known.set(host, (cache = new Map()));
  if (cache.has(dir)) return cache.get(dir);
  let found: Package | undefined;
  const manifest = path.join(dir, 'package.json');
  if (host.fileExistsSync(manifest)) {
    try {
      const name = (JSON.parse(host.readFileSync(manifest)) as { name?: unknown }).name;
      found = { name: typeof name === 'string' ? name : undefined, dir };
    } catch {
      found = undefined;
    }
  } else {
    const up = path.dirname(dir);
    found = up === dir ? undefined : packageAt(host, up);
  }
  cache.set(dir, found);
  return found;
}

/**
 * The path of `file` inside the package `shallot` (`dist/src/http/logger.d.ts` in its build, `src/http/logger.ts`
 * among its sources inside this repository), with `/` separators; undefined for a file of any other package, or
 * outside shallot's build and sources.
 */
export function shallotPath(file: SourceFile): string | undefined {
  const at = file.getFilePath();
  const owner = packageAt(file.getProject().getFileSystem(), path.dirname(at));
  if (owner?.name !== 'shallot') return undefined;
  const inside = path.relative(owner.dir, at).split(path.sep).join('/');
  return /^dist\/src\/.*\.d\.ts$/.test(inside) || /^src\/.*\.ts$/.test(inside) ? inside : undefined;
}

/** The nearest package.json at or above `dir` that has a name (one without is a folder's `type` setting, not a package). */
function namedPackageAt(host: FileSystemHost, dir: string): Package | undefined {
  let found = packageAt(host, dir);
  while (found !== undefined && found.name === undefined) {
    const up = path.dirname(found.dir);
    found = up === found.dir ? undefined : packageAt(host, up);
  }
  return found;
}

/**
 * The name of the package `file` belongs to when it is another package than the one of `home` (the module a
 * generated module is written beside): a workspace package whose source tsconfig `paths` reach
 * (`"@acme/mw": ["./packages/mw/src/index.ts"]`), while at run time its import resolves through node_modules to
 * whatever its exports say (dist/index.js). Undefined for a file of `home`'s own package, or of no package.
 */
function otherPackage(file: SourceFile, home: SourceFile): string | undefined {
  const host = file.getProject().getFileSystem();
  const mine = namedPackageAt(host, path.dirname(home.getFilePath()));
  const theirs = namedPackageAt(host, path.dirname(file.getFilePath()));
  return theirs !== undefined && theirs.dir !== mine?.dir ? theirs.name : undefined;
}

/** Whether `file` is an installed package's (under node_modules, or a file the compiler took from a library). */
export const isInstalled = (file: SourceFile): boolean => file.isFromExternalLibrary() || file.getFilePath().split('/').includes('node_modules');

/**
 * Why a function of `file` is not copied into the generated module beside `home`, or undefined: the code of an
 * installed package, or of another package of the workspace, runs at run time as what its exports resolve to
 * (its build, say), not necessarily as this file.
 */
export function foreignCode(file: SourceFile, home: SourceFile): string | undefined {
  if (isInstalled(file)) return `it is written in ${file.getBaseName()} of an installed package (node_modules), whose code at run time is what the package's exports resolve to, not this file`;
  const other = otherPackage(file, home);
  return other === undefined ? undefined : `it is written in ${file.getBaseName()} of the package ${other}, whose code at run time is what its exports resolve to, not necessarily this file`;
}
