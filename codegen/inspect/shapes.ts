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

/** `expr` with parentheses, `as`, `satisfies` and `!` taken off. */
export function unwrap(node: Node): Node {
  let current = node;
  while (Node.isParenthesizedExpression(current) || Node.isAsExpression(current) || Node.isSatisfiesExpression(current) || Node.isNonNullExpression(current)) {
    current = current.getExpression();
  }
  return current;
}

/** `a.b(…)`: the call's method name and receiver, if it is one. */
export function methodCall(node: Node): { name: string; receiver: Node; args: Node[] } | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  return { name: callee.getName(), receiver: callee.getExpression(), args: node.getArguments() };
}
