/**
 * The one resolver of inspect: from a name to the declaration it stands for
 * (through imports and re-exporting barrels, one hop at a time), from a
 * declaration to the value it holds (a `const`'s initializer, a function
 * declaration its module never writes to again), and from there to a function
 * literal. It records every file it reads on the way, so that `--watch` (and
 * the bundler plugin) rebuild a generated module when any of them changes, a
 * barrel in between included.
 */
import { Node, VariableDeclarationKind, type ExportDeclaration, type Identifier, type ImportDeclaration, type SourceFile, type Symbol as TsMorphSymbol } from 'ts-morph';
import { writeToDeclaration } from '../analysis/bindings.js';
import { isFunctionLiteral, unwrap, type FunctionLiteral } from '../analysis/syntax.js';

export class Resolver {
  /** Every file this resolver read a declaration (or an import, or a re-export) in. */
  readonly files = new Set<string>();

  /** Records that the result depends on `file`. */
  read(file: SourceFile): void {
    this.files.add(file.getFilePath());
  }

  /** The declaration `id` stands for, following aliases one hop at a time; undefined for names with no declaration (globals). */
  declarationOf(id: Identifier): Node | undefined {
    this.read(id.getSourceFile());
    const { hops, target } = aliasesOf(id);
    for (const decl of hops) {
      this.read(decl.getSourceFile());
      const from = moduleDeclarationOf(decl)?.getModuleSpecifierSourceFile();
      if (from !== undefined) this.read(from); // a barrel's `export *` is no alias hop of its own
    }
    const decl = target?.getDeclarations()[0];
    if (decl !== undefined) this.read(decl.getSourceFile());
    return decl;
  }

  /** The initializer of a `const`, or the reason its value cannot be read statically. */
  constInitializer(decl: Node): Node | string {
    if (!Node.isVariableDeclaration(decl)) return `it is declared by ${describeKind(decl)}, not by a const`;
    const kind = decl.getVariableStatement()?.getDeclarationKind();
    if (!Node.isIdentifier(decl.getNameNode())) return `'${decl.getNameNode().getText()}' is a destructuring pattern`;
    if (kind !== VariableDeclarationKind.Const) return `'${decl.getName()}' is declared with ${kind ?? 'a binding pattern'}, so its value can change at run time`;
    const init = decl.getInitializer();
    return init === undefined ? `'${decl.getName()}' has no initializer` : unwrap(init);
  }

  /**
   * What `node` evaluates to once names are followed to the `const`s that hold
   * them (`stack`: the declarations followed so far, against cycles), or why
   * it cannot be followed.
   */
  valueOf(node: Node, stack: readonly Node[] = []): { value: Node; stack: readonly Node[] } | string {
    let expr = unwrap(node);
    let path = stack;
    for (;;) {
      const name = this.bindingName(expr);
      if (name === undefined) break;
      const decl = this.declarationOf(name);
      if (decl === undefined) return unresolvedImport(name) ?? `'${expr.getText()}' cannot be resolved`;
      if (path.includes(decl)) return `'${expr.getText()}' is defined in terms of itself`;
      path = [...path, decl];
      if (Node.isFunctionDeclaration(decl)) {
        if (decl.getBody() === undefined) return `'${expr.getText()}' is only declared (an overload or ambient)`;
        const reassigned = this.reassigned(decl);
        return reassigned ?? { value: decl, stack: path };
      }
      if (Node.isParameterDeclaration(decl)) return `'${expr.getText()}' is a parameter, known only at run time`;
      // `export default <expression>`, reached through a default import.
      if (Node.isExportAssignment(decl) && !decl.isExportEquals()) {
        expr = unwrap(decl.getExpression());
        continue;
      }
      const init = this.constInitializer(decl);
      if (typeof init === 'string') return init;
      expr = init;
    }
    return { value: expr, stack: path };
  }

  private readonly writes = new Map<Node, string | undefined>();

  /**
   * Why a function declaration's name does not hold the declared function (a
   * write to it anywhere in its module: `impl = wrap(impl)`), or undefined.
   */
  reassigned(decl: Node): string | undefined {
    if (!this.writes.has(decl)) {
      const write = writeToDeclaration(decl);
      const name = (decl as Node & { getName?(): string | undefined }).getName?.() ?? decl.getText();
      this.writes.set(
        decl,
        write === undefined ? undefined : `'${name}' is a function declaration written again at line ${write.getStartLineNumber()} of ${write.getSourceFile().getBaseName()}, so its value can change at run time`,
      );
    }
    return this.writes.get(decl);
  }

  /**
   * The name a value is read through: a plain identifier, or `ns.name` where `ns`
   * is a namespace import (`import * as ns`), whose property is the module's export.
   */
  bindingName(expr: Node): Identifier | undefined {
    if (Node.isIdentifier(expr)) return expr;
    if (!Node.isPropertyAccessExpression(expr)) return undefined;
    const object = unwrap(expr.getExpression());
    if (!Node.isIdentifier(object)) return undefined;
    const decl = object.getSymbol()?.getDeclarations()[0];
    return decl !== undefined && Node.isNamespaceImport(decl) ? expr.getNameNode() : undefined;
  }

  /** The function literal `node` evaluates to, or why there is none. */
  functionOf(node: Node): FunctionLiteral | string {
    const found = this.valueOf(node);
    if (typeof found === 'string') return found;
    return isFunctionLiteral(found.value) ? found.value : `it is ${describeNode(found.value)}, computed at run time`;
  }
}

/** The declarations of the aliases `id` goes through (imports, re-exports), hop by hop, and the symbol it ends at. */
function aliasesOf(id: Identifier): { hops: Node[]; target: TsMorphSymbol | undefined } {
  const hops: Node[] = [];
  let symbol = id.getSymbol();
  for (let n = 0; symbol !== undefined && symbol.isAlias() && n < 64; n++) {
    hops.push(...symbol.getDeclarations());
    symbol = symbol.getImmediatelyAliasedSymbol();
  }
  return { hops, target: symbol };
}

/** The import or `export … from` an alias declaration belongs to (`import { a }`, `import a`, `import * as a`, `export { a } from`). */
function moduleDeclarationOf(decl: Node): ImportDeclaration | ExportDeclaration | undefined {
  if (Node.isImportSpecifier(decl)) return decl.getImportDeclaration();
  if (Node.isExportSpecifier(decl)) return decl.getExportDeclaration();
  const clause = Node.isImportClause(decl) ? decl : Node.isNamespaceImport(decl) ? decl.getParent() : undefined;
  const parent = clause?.getParent();
  return parent !== undefined && Node.isImportDeclaration(parent) ? parent : undefined;
}

/** Why `id` has no declaration when it is imported from a module that cannot be found (the first such hop). */
function unresolvedImport(id: Identifier): string | undefined {
  for (const decl of aliasesOf(id).hops) {
    const from = moduleDeclarationOf(decl);
    const spec = from?.getModuleSpecifierValue();
    if (from !== undefined && spec !== undefined && from.getModuleSpecifierSourceFile() === undefined) return `'${id.getText()}' is imported from '${spec}', which cannot be found`;
  }
  return undefined;
}

const describeKind = (decl: Node): string =>
  Node.isParameterDeclaration(decl) ? 'a parameter' : Node.isClassDeclaration(decl) ? 'a class' : Node.isBindingElement(decl) ? 'a destructuring pattern' : `a ${decl.getKindName()}`;

/** A few words for a node in messages. */
export function describeNode(node: Node): string {
  if (Node.isCallExpression(node)) return `the result of calling ${node.getExpression().getText()}(…)`;
  if (Node.isConditionalExpression(node)) return 'a conditional expression';
  if (Node.isElementAccessExpression(node)) return `an element of ${node.getExpression().getText()}`;
  if (Node.isPropertyAccessExpression(node)) return `the property ${node.getText()}`;
  return `${/^[AEIOU]/.test(node.getKindName()) ? 'an' : 'a'} ${node.getKindName()}`;
}
