/**
 * Recognising shallot's values by their types rather than their names, so that
 * renamed imports (`import { chain as c }`) and re-exports are still found.
 */
import { Node, type Type } from 'ts-morph';

const hasBrand = (type: Type, brand: string): boolean =>
  type.getProperties().some((p) => p.getName().startsWith(`__@${brand}@`));

/** A chain builder (`chain()…use(…)`, not yet closed by `.handle`). */
export const isBuilder = (node: Node): boolean => hasBrand(node.getType(), 'chainState');

/** A layer made by `middleware(…)` or `middleware.sync(…)`. */
export const isLayerValue = (node: Node): boolean => hasBrand(node.getType(), 'layerTypes');

/** An app: what `.handle(…)` returns. */
export const isApp = (node: Node): boolean => hasBrand(node.getType(), 'appTypes');

/** Whether a layer value's type says sync (`true`), async (`false`), or cannot tell. */
export function layerSync(node: Node): boolean | undefined {
  const sync = node.getType().getProperty('sync');
  if (sync === undefined) return undefined;
  const text = sync.getTypeAtLocation(node).getText();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** The layer's name as its type knows it (a string literal type), if it does. */
export function layerName(node: Node): string | undefined {
  const name = node.getType().getProperty('name');
  const type = name?.getTypeAtLocation(node);
  return type?.isStringLiteral() ? (type.getLiteralValue() as string) : undefined;
}

/** A wrapper that changes nothing at run time: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export const isTransparent = (n: Node): n is Node & { getExpression(): Node } =>
  Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isNonNullExpression(n) || Node.isTypeAssertion(n);

/** A loop statement (its body can run more than once). */
export const isLoop = (n: Node): boolean =>
  Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isForInStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n);

/** `expr` with its transparent wrappers taken off. */
export function unwrap(node: Node): Node {
  let current = node;
  while (isTransparent(current)) current = current.getExpression();
  return current;
}

/**
 * Whether `declaration` is shallot's own `module` (`chain`, `middleware`): declared
 * in the package's build (`shallot/dist/src/<module>.d.ts`) or, inside this
 * repository, in its sources.
 */
export function isShallotDeclaration(declaration: Node | undefined, module: 'chain' | 'middleware'): boolean {
  if (declaration === undefined || Node.isParameterDeclaration(declaration)) return false;
  const file = declaration.getSourceFile().getFilePath();
  return new RegExp(`(^|/)(dist/src|src)/${module}\\.(d\\.)?ts$`).test(file);
}

/** `a.b(…)`: the call's method name and receiver, if it is one. */
export function methodCall(node: Node): { name: string; receiver: Node; args: Node[] } | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  return { name: callee.getName(), receiver: callee.getExpression(), args: node.getArguments() };
}
