/**
 * Names in the generated module. A copy prints every name of the user's code as
 * written: engine messages quote them (`parse is not a function`, `Cannot access
 * 'x' before initialization`), and a function's or class's `.name` is its own.
 * So the generated module's own names (glue: the flat functions' request and
 * response variables, hole targets, exit labels, constants, runtime imports)
 * are fresh against every name any copy declares or references, and a copy is
 * inlined only where its names, kept as written, cannot capture or hide a name
 * other code printed inside it reads ({@link whyNotKept}); otherwise its layer
 * is called.
 */
import { ts } from 'ts-morph';
import type { Literal } from './forms.js';

/** Globals the generated code itself names inside a copy (`Object.assign(req, adds)` at a site, `target = undefined` for `return;`). */
export const GLUE_GLOBALS = ['Object', 'undefined'] as const;

export class Names {
  readonly #taken = new Set<string>();

  /** Marks names as used by the user's code (or the module's exports): no glue name takes one. */
  reserve(...names: string[]): void {
    for (const name of names) this.#taken.add(name);
  }

  /** A fresh glue name: `base` if free, else `base$2`, `base$3`, … */
  fresh(base: string): string {
    const clean = base.replace(/[^\w$]/g, '_').replace(/^(\d)/, '_$1') || '_';
    let name = clean;
    for (let i = 2; this.#taken.has(name); i++) name = `${clean}$${i}`;
    this.#taken.add(name);
    return name;
  }
}

/** Every name a literal's copy prints: what glue must never take (labels aside: they are glue's to rename). */
export const userNames = (lit: Literal): string[] => [...lit.bindings.locals.map((s) => s.getName()), ...freeNames(lit)];

/** The names a copy reads from outside itself: globals, its module-level names (imported as written), types left as written. */
export const freeNames = (lit: Literal): string[] => [...lit.bindings.globals, ...[...lit.bindings.moduleRefs.values()].map((r) => r.name), ...lit.bindings.typeNames];

/**
 * Where a name a literal declares is visible once copied: `var` (also an enum
 * or a namespace, emitted as one) of the literal's own function, which hoists
 * to the flat function around every copy; a block-scoped name (`let`, `const`,
 * `class`, a function declaration: the module is strict; a catch binding; the
 * literal's own parameters, bound at the copy's start), visible in `node`; or
 * nothing outside its own code (a type, a nested function's `var`, a function
 * or class expression's own name, an enum member).
 */
type Visibility = { readonly kind: 'var' } | { readonly kind: 'block'; readonly node: ts.Node } | undefined;

function visibility(decl: ts.Node, fn: ts.Node): Visibility {
  let d = decl;
  while (ts.isBindingElement(d) || ts.isObjectBindingPattern(d) || ts.isArrayBindingPattern(d)) d = d.parent;
  const owner = (n: ts.Node): ts.Node | undefined => {
    for (let p = n.parent; p !== undefined; p = p.parent) if (ts.isFunctionLike(p) || ts.isClassStaticBlockDeclaration(p)) return p;
    return undefined;
  };
  // A switch's case clauses share one scope: the case block.
  const scopeOf = (container: ts.Node): ts.Node => (ts.isCaseClause(container) || ts.isDefaultClause(container) ? container.parent : container);
  if (ts.isParameter(d)) return { kind: 'block', node: d.parent };
  if (ts.isVariableDeclaration(d)) {
    if (ts.isCatchClause(d.parent)) return { kind: 'block', node: d.parent };
    const list = d.parent;
    if ((list.flags & ts.NodeFlags.BlockScoped) !== 0) return { kind: 'block', node: ts.isVariableStatement(list.parent) ? scopeOf(list.parent.parent) : list.parent };
    const of = owner(d);
    return of === fn || of === undefined ? { kind: 'var' } : { kind: 'block', node: of };
  }
  if (ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d)) return { kind: 'block', node: scopeOf(d.parent) };
  if (ts.isEnumDeclaration(d) || ts.isModuleDeclaration(d)) {
    const of = owner(d);
    return of === fn || of === undefined ? { kind: 'var' } : { kind: 'block', node: of };
  }
  if (ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d) || ts.isTypeParameterDeclaration(d) || ts.isEnumMember(d) || ts.isFunctionExpression(d) || ts.isClassExpression(d)) return undefined;
  // Anything else: as visible as it can be.
  return { kind: 'var' };
}

/** A copy the module may print, where it is in its chain, and how a reason names it. */
export interface NamedCopy {
  readonly lit: Literal;
  /** Its chain (the module's chains in order) and its place there (the handler last). */
  readonly chain: number;
  readonly index: number;
  /** How a reason names it: `layer 'auth'`, `the handler of 'app'`. */
  readonly label: string;
}

/**
 * Why `copy` cannot print its names as written, given every copy the module
 * may print (two copies of one layer are two copies), or undefined when it
 * can. Each copy is a block of its own, so its block-scoped names may shadow
 * an outer copy's: what must hold is that none of them hides a name that code
 * inside the copy's block but not its own reads. That code is glue (fresh
 * names, and the globals of {@link GLUE_GLOBALS}) and the copies below it in
 * its chain, printed at its `next()` sites: so no name visible at a site may
 * be a name a copy below reads from outside itself. A `var` is the function's
 * the copy lands in, around every copy of its chain there: no other copy of
 * the chain may declare or read its name.
 */
export function whyNotKept(copy: NamedCopy, copies: readonly NamedCopy[]): string | undefined {
  const { lit } = copy;
  const fn = lit.fn.compilerNode;
  const nextSymbol = lit.next?.getNameNode().getSymbol()?.compilerSymbol;
  const sites = lit.form.kind === 'never' ? [] : lit.form.sites.map((s) => s.call.compilerNode);
  const chain = copies.filter((o) => o.chain === copy.chain && o !== copy);
  const below = chain.filter((o) => o.index > copy.index);
  const reader = (name: string, declares: boolean): string | undefined => {
    for (const { lit: other, label: named } of declares ? chain : below) {
      const label = other.fn === lit.fn ? `another copy of ${named}` : named;
      if (other.bindings.globals.has(name)) return `the global '${name}' that ${label} reads`;
      const ref = [...other.bindings.moduleRefs.values()].find((r) => r.name === name);
      if (ref !== undefined) return `the '${name}' that ${label} reads from ${ref.from.file.getBaseName()}`;
      if (other.bindings.typeNames.has(name)) return `the type '${name}' that ${label} names`;
      if (declares && other.bindings.locals.some((s) => s.getName() === name && s.declarations?.some((d) => visibility(d, other.fn.compilerNode) !== undefined))) return `the '${name}' that ${label} declares`;
    }
    return undefined;
  };
  for (const symbol of lit.bindings.locals) {
    if (symbol === nextSymbol) continue; // not printed: its calls are the sites
    const name = symbol.getName();
    for (const decl of symbol.declarations ?? []) {
      const seen = visibility(decl, fn);
      if (seen === undefined) continue;
      if ((GLUE_GLOBALS as readonly string[]).includes(name)) return `its local '${name}' would hide the global '${name}' the generated code uses in it`;
      if (seen.kind === 'var') {
        const taken = reader(name, true);
        if (taken !== undefined) return `its var '${name}' belongs to the whole flat function, where it would meet ${taken}`;
      } else if (sites.some((site) => site.pos >= seen.node.pos && site.end <= seen.node.end)) {
        const taken = reader(name, false);
        if (taken !== undefined) return `its local '${name}' is visible where the layers below run, and would hide ${taken}`;
      }
    }
  }
  return undefined;
}
