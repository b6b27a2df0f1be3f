/**
 * The imports of a generated module: what the inlined code refers to, imported
 * from the same modules as in the source (specifiers rebased onto the generated
 * file's folder) under the name the code writes, and what the generated code
 * itself uses, under fresh names.
 */
import path from 'node:path';
import { ts, type SourceFile } from 'ts-morph';
import type { Names } from './names.js';

interface Entry {
  readonly specifier: string;
  /** The import attributes as the source wrote them, keyword included (`with { type: 'json' }`). */
  readonly attributes: string | undefined;
  /** `default`, `*` (namespace) or the exported name. */
  readonly imported: string;
  readonly local: string;
  typeOnly: boolean;
}

export class Imports {
  readonly #entries = new Map<string, Entry>();
  /** The entries the copies' code reads, by local name (the name the code writes). */
  readonly #written = new Map<string, Entry>();
  readonly #names: Names;
  readonly #first: string;

  /**
   * `first`: the specifier imported before every other (the source module: it
   * imports its own dependencies in its own order, so the modules the generated
   * one imports are evaluated in the order the source evaluates them).
   */
  constructor(names: Names, first: string) {
    this.#names = names;
    this.#first = first;
  }

  /** A name the generated code itself uses: `imported` of `specifier`, under a fresh local name (`preferred` if free). */
  add(specifier: string, imported: string, preferred: string, typeOnly: boolean, attributes?: string): string {
    const key = `${specifier}\0${attributes ?? ''}\0${imported}`;
    const found = this.#entries.get(key);
    if (found !== undefined) {
      found.typeOnly &&= typeOnly;
      return found.local;
    }
    const entry: Entry = { specifier, attributes, imported, local: this.#names.fresh(preferred), typeOnly };
    this.#entries.set(key, entry);
    return entry.local;
  }

  /** What takes `local` when it cannot be `imported` of `specifier` (another import under that name), or undefined when it can. */
  takenAs(specifier: string, imported: string, local: string, attributes?: string): string | undefined {
    const found = this.#written.get(local);
    if (found === undefined || (found.specifier === specifier && found.attributes === attributes && found.imported === imported)) return undefined;
    return `'${found.imported === '*' ? `* as ${local}` : found.imported}' of ${JSON.stringify(found.specifier)}`;
  }

  /** A name the copies' code reads: `imported` of `specifier` under `local`, the name it writes (free: see {@link takenAs}). */
  addAs(specifier: string, imported: string, local: string, typeOnly: boolean, attributes?: string): void {
    const found = this.#written.get(local);
    if (found !== undefined) {
      found.typeOnly &&= typeOnly;
      return;
    }
    const entry: Entry = { specifier, attributes, imported, local, typeOnly };
    this.#written.set(local, entry);
    this.#entries.set(`${specifier}\0${attributes ?? ''}\0${imported}\0${local}`, entry);
  }

  /** The import declarations: the first specifier's, then the others sorted (deterministic output). */
  render(): string[] {
    const bySpecifier = new Map<string, Entry[]>();
    for (const entry of this.#entries.values()) {
      const key = `${entry.specifier}\0${entry.attributes ?? ''}`;
      bySpecifier.set(key, [...(bySpecifier.get(key) ?? []), entry]);
    }
    const lines: string[] = [];
    const keys = [...bySpecifier.keys()].sort((a, b) => Number(b.split('\0')[0] === this.#first) - Number(a.split('\0')[0] === this.#first) || a.localeCompare(b));
    for (const key of keys) {
      const entries = bySpecifier.get(key)!.sort((a, b) => a.imported.localeCompare(b.imported) || a.local.localeCompare(b.local));
      const { specifier, attributes } = entries[0]!;
      const quoted = `${JSON.stringify(specifier)}${attributes === undefined ? '' : ` ${attributes}`}`;
      for (const e of entries.filter((e) => e.imported === '*')) lines.push(`import ${e.typeOnly ? 'type ' : ''}* as ${e.local} from ${quoted};`);
      for (const e of entries.filter((e) => e.imported === 'default')) lines.push(`import ${e.typeOnly ? 'type ' : ''}${e.local} from ${quoted};`);
      const named = entries.filter((e) => e.imported !== '*' && e.imported !== 'default');
      if (named.length === 0) continue;
      const allTypes = named.every((e) => e.typeOnly);
      const parts = named.map((e) => `${!allTypes && e.typeOnly ? 'type ' : ''}${e.imported === e.local ? e.local : `${moduleExportName(e.imported)} as ${e.local}`}`);
      lines.push(`import ${allTypes ? 'type ' : ''}{ ${parts.join(', ')} } from ${quoted};`);
    }
    return lines;
  }
}

/** An export's name as an import or export clause writes it: as is when it is an identifier name, else a string (`export { x as 'x-stamp' }`). */
export function moduleExportName(name: string): string {
  return /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(name) ? name : JSON.stringify(name);
}

/**
 * How the project writes relative specifiers of TypeScript files: `./x.js`
 * (Node ESM), `./x.ts` (Node's own TypeScript, `allowImportingTsExtensions`),
 * `./x` (bundlers); `asIs` keeps a path's own extension.
 */
export type SpecifierStyle = 'js' | 'ts' | 'bare' | 'asIs';

/** The style of `file`'s own relative imports, or, when it has none, what its compiler options call for. */
export function specifierStyle(file: SourceFile): SpecifierStyle {
  for (const decl of [...file.getImportDeclarations(), ...file.getExportDeclarations()]) {
    const spec = decl.getModuleSpecifierValue();
    if (spec === undefined || !spec.startsWith('.')) continue;
    if (/\.(m|c)?tsx?$/.test(spec)) return 'ts';
    return /\.(m|c)?jsx?$/.test(spec) ? 'js' : 'bare';
  }
  const options = file.getProject().getCompilerOptions();
  if (options.allowImportingTsExtensions === true || options.rewriteRelativeImportExtensions === true) return 'ts';
  const resolution = options.moduleResolution;
  const module = options.module;
  const node = (kind: number | undefined): boolean => kind !== undefined && kind >= ts.ModuleResolutionKind.Node16 && kind <= ts.ModuleResolutionKind.NodeNext;
  const nodeModule = module !== undefined && module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext;
  return node(resolution) || (resolution === undefined && nodeModule) ? 'js' : 'bare';
}

/** A specifier for `target` (a file path) as seen from `fromDir`. */
export function relativeSpecifier(fromDir: string, target: string, style: SpecifierStyle): string {
  let rel = path.relative(fromDir, target).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (style === 'asIs' || style === 'ts') return rel;
  const ext = path.extname(rel);
  const stem = rel.slice(0, rel.length - ext.length);
  if (style === 'bare') return /\.(ts|tsx|js|jsx)$/.test(ext) ? stem : rel;
  const mapped: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs' };
  return stem + (mapped[ext] ?? ext);
}
