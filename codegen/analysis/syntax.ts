/**
 * Small syntactic facts every stage asks: what is a function boundary, which
 * wrappers change nothing at run time, which statements loop, where a
 * statement may be replaced by several.
 */
import { Node, ts, type ArrowFunction, type FunctionDeclaration, type FunctionExpression } from 'ts-morph';

/** A function literal that a layer or handler is defined by. */
export type FunctionLiteral = ArrowFunction | FunctionExpression | FunctionDeclaration;

export const isFunctionLiteral = (node: Node): node is FunctionLiteral =>
  Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node);

/**
 * Whether `node` starts a function of its own: code in it runs when it is called,
 * not where it is written, and its `return`, `this` and `arguments` are its own.
 * (ts-morph's `isFunctionLikeDeclaration` leaves out function expressions.)
 */
export const isFunctionBoundary = (node: Node): boolean =>
  isFunctionLiteral(node) ||
  Node.isMethodDeclaration(node) ||
  Node.isConstructorDeclaration(node) ||
  Node.isGetAccessorDeclaration(node) ||
  Node.isSetAccessorDeclaration(node) ||
  Node.isClassStaticBlockDeclaration(node) ||
  Node.isPropertyDeclaration(node);

/** The function (or class member) `node` belongs to: its nearest enclosing boundary. */
export const ownerOf = (node: Node): Node | undefined => node.getFirstAncestor(isFunctionBoundary);

/** A wrapper that changes nothing at run time: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export const isTransparent = (n: Node): n is Node & { getExpression(): Node } =>
  Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isNonNullExpression(n) || Node.isTypeAssertion(n);

/** `node` with its transparent wrappers taken off. */
export function unwrap(node: Node): Node {
  let current = node;
  while (isTransparent(current)) current = current.getExpression();
  return current;
}

/** The outermost transparent wrapper around `node` (itself when it has none). */
export function wrapped(node: Node): Node {
  let current = node;
  for (let parent = current.getParent(); parent !== undefined && isTransparent(parent); parent = current.getParent()) current = parent;
  return current;
}

/** A loop statement (its body can run more than once). */
export const isLoop = (n: Node): boolean =>
  Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isForInStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n);

/** Whether `statement` sits in a statement list, so that it may be replaced by several statements. */
export const inStatementList = (statement: Node): boolean => {
  const parent = statement.getParent();
  return Node.isBlock(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent) || Node.isSourceFile(parent) || Node.isModuleBlock(parent);
};

/** Whether a variable statement declares with `using` or `await using`. */
export const isUsing = (node: Node): boolean => {
  if (!Node.isVariableStatement(node)) return false;
  // HACK: AwaitUsing is Const | Using in TypeScript's flags, so test the block-scoped bits as a whole.
  const kind = node.getDeclarationList().getFlags() & ts.NodeFlags.BlockScoped;
  return kind === ts.NodeFlags.Using || kind === ts.NodeFlags.AwaitUsing;
};

/** `a.b(…)`: the call's method name and receiver, if it is one. */
export function methodCall(node: Node): { name: string; receiver: Node; args: Node[] } | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  return { name: callee.getName(), receiver: callee.getExpression(), args: node.getArguments() };
}

/** Line of `node` (1-based) in its file. */
export const lineOf = (node: Node): number => node.getSourceFile().getLineAndColumnAtPos(node.getStart()).line;
