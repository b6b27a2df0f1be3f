/**
 * The names of a function literal about to be copied into a generated module,
 * read from the binder's declarations: which are its own (params, locals,
 * `var`s, nested functions and classes, catch bindings, types, labels), which
 * are module-level names of its module (imported into the generated module
 * under the same names) and which are globals. A copy prints them all as
 * written (its labels aside); generate/names.ts says where it can. A
 * literal that cannot be copied without changing meaning gets the reason:
 * `this`, `arguments`, `super`, `new.target`, `import.meta`, direct `eval`, a
 * closure over an enclosing function, a write to a module's variable (an
 * import is read-only), a reference to its own name, a module-level name its
 * module does not export, a dynamic import the generated module would resolve
 * elsewhere.
 */
import { Node, SyntaxKind, ts, type Identifier, type ImportDeclaration, type ParameterDeclaration, type SourceFile, type StringLiteral } from 'ts-morph';
import { isFunctionBoundary, isTransparent, unwrap, type FunctionLiteral } from './syntax.js';

/** Where a module-level name comes from, for an importer. */
export type ModuleSource =
  | {
      readonly kind: 'import';
      readonly specifier: string;
      readonly target: SourceFile | undefined;
      readonly imported: string;
      readonly file: SourceFile;
      /** The import's attributes as written (`with { type: 'json' }`), if any. */
      readonly attributes: string | undefined;
    }
  | { readonly kind: 'export'; readonly file: SourceFile; readonly exported: string };

export interface ModuleBinding {
  readonly symbol: ts.Symbol;
  readonly name: string;
  readonly from: ModuleSource;
  /** Used only in type positions (so `import type` is enough). */
  readonly typeOnly: boolean;
}

/** An identifier that declares or refers to a local. */
export interface NameUse {
  readonly id: Identifier;
  readonly symbol: ts.Symbol;
}

export interface Bindings {
  /** Symbols declared inside the function, in order of first appearance. */
  readonly locals: readonly ts.Symbol[];
  /** Every identifier that declares or refers to a local. */
  readonly localUses: readonly NameUse[];
  readonly moduleRefs: ReadonlyMap<ts.Symbol, ModuleBinding>;
  /** Names used as they are (globals): nothing the generated module declares may take them. */
  readonly globals: ReadonlySet<string>;
  /** Labelled statements of the function, each with the `break`/`continue` labels that target it. */
  readonly labels: readonly { readonly label: Identifier; readonly uses: readonly Identifier[] }[];
  /** Types of its module it names that the generated module cannot import (not exported): left as written, erased at run time. */
  readonly typeNames: ReadonlySet<string>;
  /** Relative specifiers of `import('…')` calls, rebased onto the generated module's folder when copied. */
  readonly dynamicImports: readonly { readonly literal: StringLiteral; readonly from: SourceFile }[];
}

/** Whether `id` names something (rather than being a property name, a label or a keyword-like name). */
export function isReference(id: Identifier): boolean {
  const parent = id.getParent();
  if (parent === undefined) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
  if (Node.isQualifiedName(parent) && parent.getRight() === id) return false;
  if (
    (Node.isPropertyAssignment(parent) || Node.isPropertySignature(parent) || Node.isPropertyDeclaration(parent) || Node.isMethodDeclaration(parent) || Node.isMethodSignature(parent) || Node.isGetAccessorDeclaration(parent) || Node.isSetAccessorDeclaration(parent) || Node.isEnumMember(parent) || Node.isPropertyAccessExpression(parent)) &&
    (parent as Node & { getNameNode(): Node }).getNameNode() === id
  ) {
    return false;
  }
  if (Node.isBindingElement(parent) && parent.getPropertyNameNode() === id) return false;
  if (Node.isLabeledStatement(parent) || Node.isBreakStatement(parent) || Node.isContinueStatement(parent)) return false;
  if (Node.isMetaProperty(parent)) return false;
  if (Node.isJsxAttribute(parent)) return false;
  return true;
}

/** A function's parameters, without a `this: …` parameter (a type-only declaration of `this`, not a value). */
export const parametersOf = (fn: FunctionLiteral): ParameterDeclaration[] => fn.getParameters().filter((p) => p.getName() !== 'this');

/** Whether `node` sits in a JSDoc comment (its `@param next` names no binding). */
export const inJsDoc = (node: Node): boolean => node.getFirstAncestor((a) => Node.isJSDoc(a)) !== undefined;

const inside = (node: Node, outer: Node): boolean =>
  node.getSourceFile() === outer.getSourceFile() && node.getStart() >= outer.getStart() && node.getEnd() <= outer.getEnd();

/** Whether `id` is used in a type position (below a type node, within `fn`). */
function inTypePosition(id: Node, fn: Node): boolean {
  for (let n: Node | undefined = id.getParent(); n !== undefined && n !== fn; n = n.getParent()) {
    if (Node.isTypeNode(n) && !Node.isExpressionWithTypeArguments(n)) return true;
    if (Node.isTypeQuery(n)) return true;
    if (Node.isExpression(n) && !Node.isIdentifier(n)) return false;
  }
  return false;
}

/** Whether a declaration sits at the top level of its module. */
function isModuleLevel(decl: Node): boolean {
  return decl.getFirstAncestor((a) => isFunctionBoundary(a) || Node.isBlock(a) || Node.isModuleBlock(a) || Node.isClassDeclaration(a) || Node.isClassExpression(a) || Node.isCaseClause(a) || Node.isDefaultClause(a)) === undefined;
}

const ASSIGNMENT = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??=']);

/** Whether `id` is written here (assigned, incremented, a destructuring-assignment target, a for-in/of target). */
export function isWrite(id: Identifier): boolean {
  let n: Node = id;
  for (let p = n.getParent(); p !== undefined; n = p, p = p.getParent()) {
    if (isTransparent(p) && !Node.isNonNullExpression(p)) continue;
    if (Node.isBinaryExpression(p)) return ASSIGNMENT.has(p.getOperatorToken().getText()) && p.getLeft() === n;
    if (Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p)) {
      const op = p.getOperatorToken();
      return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
    }
    if ((Node.isForOfStatement(p) || Node.isForInStatement(p)) && p.getInitializer() === n) return true;
    // Inside an array or object literal: a write only when that literal is itself an assignment target.
    if (Node.isShorthandPropertyAssignment(p) || Node.isPropertyAssignment(p) || Node.isSpreadElement(p) || Node.isSpreadAssignment(p) || Node.isArrayLiteralExpression(p) || Node.isObjectLiteralExpression(p)) {
      if (Node.isPropertyAssignment(p) && p.getNameNode() === n) return false;
      continue;
    }
    return false;
  }
  return false;
}

/**
 * The first write to the name a function or class declaration binds (`impl =
 * wrap(impl)`, `impl++`, `[impl] = …`, a `var impl = …` merged with it), or
 * undefined when it keeps the declared value. Such a binding is mutable in
 * JavaScript (TypeScript reports it, a .js module says nothing); an import is
 * read-only, so every write is in the declaring module.
 */
export function writeToDeclaration(decl: Node): Node | undefined {
  if (!Node.isFunctionDeclaration(decl) && !Node.isClassDeclaration(decl)) return undefined;
  const name = decl.getName();
  const symbol = decl.getSymbol()?.compilerSymbol;
  if (name === undefined || symbol === undefined) return undefined;
  const file = decl.getSourceFile();
  // Cheap first: only identifiers spelled like the name are wrapped and bound.
  const candidates: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      if (n.text === name) candidates.push(n);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(file.compilerNode);
  for (const c of candidates) {
    const id = file.getDescendantAtPos(c.getStart(file.compilerNode));
    if (id === undefined || !Node.isIdentifier(id)) continue;
    const parent = id.getParentOrThrow();
    if (Node.isVariableDeclaration(parent) && parent.getNameNode() === id) {
      if (parent.getInitializer() !== undefined && parent.getSymbol()?.compilerSymbol === symbol) return parent;
      continue;
    }
    const bound = Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === id ? parent.getValueSymbol() : id.getSymbol();
    if (bound?.compilerSymbol === symbol && isWrite(id)) return id;
  }
  return undefined;
}

/** What a module-level declaration is to an importer, or why it cannot be imported. */
function importable(decl: Node, name: string): ModuleSource | string {
  const file = decl.getSourceFile();
  const from = (d: ImportDeclaration, imported: string): ModuleSource => ({
    kind: 'import',
    specifier: d.getModuleSpecifierValue(),
    target: d.getModuleSpecifierSourceFile(),
    imported,
    file,
    attributes: d.getAttributes()?.getText(),
  });
  if (Node.isImportSpecifier(decl)) return from(decl.getImportDeclaration(), decl.getName());
  if (Node.isImportClause(decl)) return from(decl.getFirstAncestorByKindOrThrow(ts.SyntaxKind.ImportDeclaration), 'default');
  if (Node.isNamespaceImport(decl)) return from(decl.getFirstAncestorByKindOrThrow(ts.SyntaxKind.ImportDeclaration), '*');
  if (Node.isImportEqualsDeclaration(decl)) return `it uses '${name}', which comes from an import-equals declaration`;
  const target = Node.isVariableDeclaration(decl) || Node.isFunctionDeclaration(decl) || Node.isClassDeclaration(decl) || Node.isInterfaceDeclaration(decl) || Node.isTypeAliasDeclaration(decl) || Node.isEnumDeclaration(decl) || Node.isModuleDeclaration(decl) ? decl : undefined;
  if (target !== undefined) {
    const names = [...file.getExportedDeclarations()].filter(([, decls]) => decls.includes(target)).map(([exported]) => exported).sort();
    const exported = names.includes(name) ? name : names[0];
    if (exported !== undefined) return { kind: 'export', file, exported };
  }
  if (Node.isBindingElement(decl)) {
    const exported = [...file.getExportedDeclarations().values()].some((decls) => decls.some((d: Node) => d === decl));
    return `it uses '${name}', which ${file.getBaseName()} declares by destructuring${exported ? ' (export const { … } = …)' : ''}, and codegen imports only names declared one by one`;
  }
  return `it uses '${name}', which ${file.getBaseName()} does not export`;
}

/** Why `node` (this, arguments, super, new.target) would mean something else once copied, if it would. */
function boundTo(node: Node, fn: FunctionLiteral, arrowsBind: boolean): boolean {
  for (let n: Node | undefined = node.getParent(); n !== undefined; n = n.getParent()) {
    if (n === fn) return true;
    if (Node.isClassDeclaration(n) || Node.isClassExpression(n)) return false;
    if (isFunctionBoundary(n) && (arrowsBind || !Node.isArrowFunction(n))) return false;
  }
  return true;
}

/** The names CommonJS gives each module (typed as globals by @types/node): a copy elsewhere reads another module's. */
const MODULE_SCOPED: ReadonlySet<string> = new Set(['__dirname', '__filename', 'require', 'module', 'exports']);

/**
 * Reads the names of `fn` that a copy prints: its body and its parameters' names
 * (their annotations are not printed); a string says why it cannot be copied.
 */
export function scanBindings(fn: FunctionLiteral): Bindings | string {
  if (fn.getTypeParameters().length > 0) return 'it is generic (its type parameters have no place in the generated module)';
  const locals: ts.Symbol[] = [];
  const seenLocal = new Set<ts.Symbol>();
  const localUses: NameUse[] = [];
  const moduleRefs = new Map<ts.Symbol, ModuleBinding>();
  const globals = new Set<string>();
  const labels: { label: Identifier; uses: Identifier[] }[] = [];
  const dynamicImports: { literal: StringLiteral; from: SourceFile }[] = [];
  const typeNames = new Set<string>();
  const ownName = Node.isFunctionExpression(fn) ? fn.getNameNode() : undefined;

  const body = fn.getBody();
  if (body === undefined) return 'it has no body';
  const roots = [...parametersOf(fn).map((p) => p.getNameNode()), body];
  const printed = roots.flatMap((root) => [root, ...root.getDescendants()]);
  for (const node of printed) {
    if (Node.isThisExpression(node) && boundTo(node, fn, false)) return "it uses 'this', which means something else once inlined";
    if (Node.isSuperExpression(node)) return "it uses 'super'";
    if (Node.isMetaProperty(node)) {
      if (node.getKeywordToken() === SyntaxKind.ImportKeyword) return `it uses ${node.getText()}, which differs in the generated module`;
      if (boundTo(node, fn, false)) return `it uses ${node.getText()}`;
    }
    if (Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (callee.getKind() === SyntaxKind.ImportKeyword) {
        const spec = node.getArguments()[0];
        if (spec === undefined || !Node.isStringLiteral(spec)) return 'it imports a module whose name is computed at run time, which the generated module would resolve from another folder';
        if (spec.getLiteralValue().startsWith('.')) dynamicImports.push({ literal: spec, from: fn.getSourceFile() });
      }
      if (Node.isIdentifier(callee) && callee.getText() === 'eval' && callee.getSymbol()?.getDeclarations().every((d) => d.getSourceFile().isDeclarationFile()) !== false) {
        return "it calls eval, which could read any of its names";
      }
    }
    if (Node.isLabeledStatement(node)) {
      const label = node.getLabel();
      const uses: Identifier[] = [];
      for (const jump of node.getDescendants()) {
        if (!(Node.isBreakStatement(jump) || Node.isContinueStatement(jump))) continue;
        const target = jump.getLabel();
        if (target === undefined || target.getText() !== label.getText()) continue;
        const nearest = jump.getFirstAncestor((a) => Node.isLabeledStatement(a) && a.getLabel().getText() === label.getText());
        if (nearest === node) uses.push(target);
      }
      labels.push({ label, uses });
      continue;
    }
    if (!Node.isIdentifier(node)) continue;
    if (!isReference(node) || inJsDoc(node)) continue;
    const parent = node.getParent();
    if (node.getText() === 'arguments' && (node.getSymbol()?.getDeclarations().length ?? 0) === 0 && boundTo(node, fn, false)) return "it uses 'arguments'";
    const symbol = Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === node ? parent.getValueSymbol() : node.getSymbol();
    if (symbol === undefined) {
      globals.add(node.getText());
      continue;
    }
    const decl = symbol.getDeclarations()[0];
    const compiler = symbol.compilerSymbol;
    if (decl === undefined) {
      globals.add(node.getText());
      continue;
    }
    if (ownName !== undefined && decl === fn) return `it refers to itself by its name '${ownName.getText()}', which the inlined code has no function for`;
    if (decl !== fn && inside(decl, fn)) {
      if (!seenLocal.has(compiler)) {
        seenLocal.add(compiler);
        locals.push(compiler);
      }
      localUses.push({ id: node, symbol: compiler });
      continue;
    }
    const file = decl.getSourceFile();
    // An ambient declaration (`export declare const BUILD: string`) emits nothing: at run time the name is a global.
    if (file.isDeclarationFile() || file.isFromExternalLibrary() || !ts.isExternalModule(file.compilerNode) || [decl, ...decl.getAncestors()].some((a) => Node.isAmbientable(a) && a.hasDeclareKeyword())) {
      if (MODULE_SCOPED.has(node.getText()) && !inTypePosition(node, fn)) return `it uses '${node.getText()}', which each CommonJS module has its own of: in the generated module it would be that module's`;
      globals.add(node.getText());
      continue;
    }
    if (!isModuleLevel(decl) && decl !== fn) return `it uses '${node.getText()}' from an enclosing function (a closure)`;
    if (isWrite(node)) return `it assigns to '${node.getText()}', a variable of ${file.getBaseName()}, which the generated module can only read`;
    const typeOnly = inTypePosition(node, fn);
    const found = moduleRefs.get(compiler);
    if (found === undefined) {
      const from = importable(decl, node.getText());
      if (typeof from === 'string') {
        // A type the generated module cannot import is left as written: the module is not type-checked, and types are erased.
        if (typeOnly) {
          typeNames.add(node.getText());
          continue;
        }
        return from;
      }
      moduleRefs.set(compiler, { symbol: compiler, name: node.getText(), from, typeOnly });
    } else if (found.typeOnly && !typeOnly) moduleRefs.set(compiler, { ...found, typeOnly: false });
  }
  return { locals, localUses, moduleRefs, globals, labels, dynamicImports, typeNames };
}
