/**
 * Scope analysis of a function literal about to be inlined: which of its names
 * are its own (renamed apart), which are module-level names of its module
 * (imported into the generated module) and which are globals (left as they
 * are). A literal whose module-level names cannot be imported cannot be
 * inlined, and the reason says which name.
 */
import { Node, ts, type Identifier, type SourceFile } from 'ts-morph';
import type { FunctionLiteral } from '../model.js';

/** A module-level name of the literal's module that the literal refers to. */
export interface ModuleRef {
  readonly symbol: ts.Symbol;
  readonly name: string;
  /** Where it comes from: an import of the literal's module, or the module's own export. */
  readonly from: { readonly kind: 'import'; readonly specifier: string; readonly target: SourceFile | undefined; readonly imported: string } | { readonly kind: 'export'; readonly file: SourceFile; readonly exported: string };
  /** Used only in type positions (so `import type` is enough). */
  typeOnly: boolean;
}

export interface Scope {
  readonly locals: ts.Symbol[];
  readonly moduleRefs: Map<ts.Symbol, ModuleRef>;
  readonly globals: Set<string>;
  /** Every identifier that refers to something, with its symbol. */
  readonly refs: Array<{ id: Identifier; symbol: ts.Symbol }>;
}

/** Whether `id` names something (rather than being a property name or a label). */
export function isReference(id: Identifier): boolean {
  const parent = id.getParent();
  if (parent === undefined) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
  if (Node.isQualifiedName(parent) && parent.getRight() === id) return false;
  if ((Node.isPropertyAssignment(parent) || Node.isPropertySignature(parent) || Node.isPropertyDeclaration(parent) || Node.isMethodDeclaration(parent) || Node.isMethodSignature(parent) || Node.isGetAccessorDeclaration(parent) || Node.isSetAccessorDeclaration(parent) || Node.isEnumMember(parent)) && parent.getNameNode() === id) return false;
  if (Node.isBindingElement(parent) && parent.getPropertyNameNode() === id) return false;
  if (Node.isLabeledStatement(parent) || Node.isBreakStatement(parent) || Node.isContinueStatement(parent)) return false;
  if (Node.isMetaProperty(parent)) return false;
  if (Node.isJsxAttribute(parent)) return false;
  return true;
}

const inside = (node: Node, outer: Node): boolean =>
  node.getSourceFile() === outer.getSourceFile() && node.getStart() >= outer.getStart() && node.getEnd() <= outer.getEnd();

/** Whether `id` is used in a type position (below a type node, within `fn`). */
function inTypePosition(id: Node, fn: Node): boolean {
  for (let n: Node | undefined = id.getParent(); n !== undefined && n !== fn; n = n.getParent()) {
    if (Node.isTypeNode(n) && !Node.isExpressionWithTypeArguments(n)) return true;
    if (Node.isExpression(n) && !Node.isIdentifier(n)) return false;
  }
  return false;
}

/** Whether a declaration sits at the top level of its module. */
function isModuleLevel(decl: Node): boolean {
  return decl.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isBlock(a) || Node.isModuleBlock(a) || Node.isClassDeclaration(a) || Node.isClassExpression(a) || Node.isCaseClause(a) || Node.isDefaultClause(a)) === undefined;
}

/** What a module-level declaration is to an importer, or why it cannot be imported. */
function importable(decl: Node, name: string): ModuleRef['from'] | string {
  if (Node.isImportSpecifier(decl)) {
    const importDecl = decl.getImportDeclaration();
    return { kind: 'import', specifier: importDecl.getModuleSpecifierValue(), target: importDecl.getModuleSpecifierSourceFile(), imported: decl.getName() };
  }
  if (Node.isImportClause(decl)) {
    const importDecl = decl.getFirstAncestorByKindOrThrow(ts.SyntaxKind.ImportDeclaration);
    return { kind: 'import', specifier: importDecl.getModuleSpecifierValue(), target: importDecl.getModuleSpecifierSourceFile(), imported: 'default' };
  }
  if (Node.isNamespaceImport(decl)) {
    const importDecl = decl.getFirstAncestorByKindOrThrow(ts.SyntaxKind.ImportDeclaration);
    return { kind: 'import', specifier: importDecl.getModuleSpecifierValue(), target: importDecl.getModuleSpecifierSourceFile(), imported: '*' };
  }
  if (Node.isImportEqualsDeclaration(decl)) return `'${name}' comes from an import-equals declaration`;
  const file = decl.getSourceFile();
  for (const [exported, decls] of file.getExportedDeclarations()) {
    const target = Node.isVariableDeclaration(decl) || Node.isFunctionDeclaration(decl) || Node.isClassDeclaration(decl) || Node.isInterfaceDeclaration(decl) || Node.isTypeAliasDeclaration(decl) || Node.isEnumDeclaration(decl) ? decl : undefined;
    if (target !== undefined && decls.includes(target)) return { kind: 'export', file, exported };
  }
  return `it uses '${name}', which ${file.getBaseName()} does not export`;
}

/** Reads the names of `fn`; a string says why it cannot be inlined. */
export function scan(fn: FunctionLiteral): Scope | string {
  const locals: ts.Symbol[] = [];
  const moduleRefs = new Map<ts.Symbol, ModuleRef>();
  const globals = new Set<string>();
  const refs: Scope['refs'] = [];
  const seenLocal = new Set<ts.Symbol>();

  for (const node of fn.getDescendants()) {
    if (Node.isThisExpression(node) && node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) && !Node.isArrowFunction(a)) === (Node.isArrowFunction(fn) ? undefined : fn)) {
      return "it uses 'this', which means something else once inlined";
    }
    if (Node.isSuperExpression(node)) return "it uses 'super'";
    if (Node.isMetaProperty(node)) return `it uses ${node.getText()}, which differs in the generated module`;
    if (!Node.isIdentifier(node) || !isReference(node)) continue;
    if (node.getText() === 'arguments' && node.getSymbol()?.getDeclarations().length === 0) return "it uses 'arguments'";
    let symbol = node.getSymbol();
    const parent = node.getParent();
    if (Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === node) symbol = parent.getValueSymbol();
    if (symbol === undefined) continue;
    const decl = symbol.getDeclarations()[0];
    const compiler = symbol.compilerSymbol;
    if (decl === undefined) {
      globals.add(node.getText());
      continue;
    }
    refs.push({ id: node, symbol: compiler });
    if (inside(decl, fn)) {
      if (!seenLocal.has(compiler)) {
        seenLocal.add(compiler);
        locals.push(compiler);
      }
      continue;
    }
    const file = decl.getSourceFile();
    if (file.isDeclarationFile() || file.isFromExternalLibrary() || !isModuleLevel(decl)) {
      if (!file.isDeclarationFile() && !isModuleLevel(decl)) return `it uses '${node.getText()}' from an enclosing function (a closure)`;
      globals.add(node.getText());
      continue;
    }
    const typeOnly = inTypePosition(node, fn);
    const found = moduleRefs.get(compiler);
    if (found !== undefined) {
      found.typeOnly &&= typeOnly;
      continue;
    }
    const from = importable(decl, node.getText());
    if (typeof from === 'string') return from;
    moduleRefs.set(compiler, { symbol: compiler, name: node.getText(), from, typeOnly });
  }
  return { locals, moduleRefs, globals, refs };
}
