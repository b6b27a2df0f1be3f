/**
 * The imports of a generated module: what the inlined code refers to, imported
 * from the same modules as in the source (specifiers rebased onto the generated
 * file's folder), each under a name that is free in the generated module.
 */
import path from 'node:path';
import type { Names } from './names.js';

interface Entry {
  readonly specifier: string;
  /** `default`, `*` (namespace) or the exported name. */
  readonly imported: string;
  local: string;
  typeOnly: boolean;
  /** Whether the generated code refers to it (only those are rendered: no unused imports). */
  used: boolean;
}

export class Imports {
  readonly #entries = new Map<string, Entry>();
  readonly #names: Names;

  constructor(names: Names) {
    this.#names = names;
  }

  /**
   * The local name under which `imported` of `specifier` is reachable (`preferred`
   * if free). With `used` false the name is only reserved: it is rendered once
   * {@link use} says the generated code refers to it.
   */
  add(specifier: string, imported: string, preferred: string, typeOnly: boolean, used = true): string {
    const key = `${specifier}\0${imported}`;
    const found = this.#entries.get(key);
    if (found !== undefined) {
      found.typeOnly &&= typeOnly;
      found.used ||= used;
      return found.local;
    }
    const entry: Entry = { specifier, imported, local: this.#names.fresh(preferred), typeOnly, used };
    this.#entries.set(key, entry);
    this.#byLocal.set(entry.local, entry);
    return entry.local;
  }

  readonly #byLocal = new Map<string, Entry>();

  /** Marks a reserved import as used. */
  use(local: string): void {
    const entry = this.#byLocal.get(local);
    if (entry !== undefined) entry.used = true;
  }

  /** The import declarations, sorted: deterministic output. */
  render(): string[] {
    const bySpecifier = new Map<string, Entry[]>();
    for (const entry of this.#entries.values()) if (entry.used) bySpecifier.set(entry.specifier, [...(bySpecifier.get(entry.specifier) ?? []), entry]);
    const lines: string[] = [];
    for (const specifier of [...bySpecifier.keys()].sort()) {
      const entries = bySpecifier.get(specifier)!.sort((a, b) => a.imported.localeCompare(b.imported) || a.local.localeCompare(b.local));
      const quoted = JSON.stringify(specifier);
      for (const e of entries.filter((e) => e.imported === '*')) lines.push(`import ${e.typeOnly ? 'type ' : ''}* as ${e.local} from ${quoted};`);
      for (const e of entries.filter((e) => e.imported === 'default')) lines.push(`import ${e.typeOnly ? 'type ' : ''}${e.local} from ${quoted};`);
      const named = entries.filter((e) => e.imported !== '*' && e.imported !== 'default');
      if (named.length === 0) continue;
      const allTypes = named.every((e) => e.typeOnly);
      const parts = named.map((e) => `${!allTypes && e.typeOnly ? 'type ' : ''}${e.imported === e.local ? e.local : `${e.imported} as ${e.local}`}`);
      lines.push(`import ${allTypes ? 'type ' : ''}{ ${parts.join(', ')} } from ${quoted};`);
    }
    return lines;
  }
}

/** How the project writes relative specifiers: with `.js` (Node ESM) or without (bundlers). */
export type SpecifierStyle = 'js' | 'bare';

/** A specifier for `target` (a source file path) as seen from `fromDir`. */
export function relativeSpecifier(fromDir: string, target: string, style: SpecifierStyle): string {
  let rel = path.relative(fromDir, target).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = path.extname(rel);
  const stem = rel.slice(0, rel.length - ext.length);
  if (style === 'bare') return /\.(ts|tsx|js|jsx)$/.test(ext) ? stem : rel;
  const mapped: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs' };
  return stem + (mapped[ext] ?? ext);
}
