/**
 * Whether two texts of a generated module are the same module once a formatter
 * has been over one of them: what `--check` calls fresh, and what `codegen`
 * does not rewrite. Byte equality would make every Prettier or Biome run a
 * "stale" file (and a rewrite that the formatter undoes again).
 *
 * Each text is parsed by TypeScript and reduced to what its meaning rests on:
 * the syntax tree (node kinds, names, the values of literals, operators, `let`
 * or `const`, `import type`, optional chains), without what formatters are free
 * to change: whitespace, semicolons the parser inserts, trailing commas,
 * redundant parentheses (the tree already holds the grouping), quote style,
 * the spelling of a number, `new X` against `new X()`, quotes around a property
 * name, stray `;`, JSX text re-indented (its value by JSX's whitespace rule is kept). A template's raw text is
 * meaning (`String.raw` reads it). Comments are compared too, in order, with their whitespace
 * collapsed (formatters re-indent them, never rewrite them), so a hand edit of a
 * comment, the header included, is caught as well. A text that does not parse
 * is never the same as anything.
 */
import { ts } from 'ts-morph';

/** Own properties of a node that hold layout or caches, not meaning. */
const LAYOUT = new Set(['pos', 'end', 'kind', 'id', 'flags', 'modifierFlagsCache', 'transformFlags', 'singleQuote', 'hasExtendedUnicodeEscape', 'numericLiteralFlags', 'templateFlags', 'multiLine', 'possiblyExhaustive', 'isUnterminated']);

/** The node flags that change meaning: `let`/`const`/`using`, an optional chain. */
const MEANINGFUL_FLAGS = ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.OptionalChain;

const scriptKind = (fileName: string): ts.ScriptKind => (/\.(c|m)?tsx$/.test(fileName) ? ts.ScriptKind.TSX : /\.(c|m)?jsx$/.test(fileName) ? ts.ScriptKind.JSX : /\.(c|m)?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS);

/** A statement a formatter may drop: `;` alone in a statement list, or in a class body. */
function isStray(node: ts.Node): boolean {
  if (ts.isSemicolonClassElement(node)) return true;
  if (!ts.isEmptyStatement(node)) return false;
  const parent = node.parent;
  return ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent);
}

/** A property name, in whichever spelling (`a`, `'a'`, `"a"`; `1`, `'1'`). */
function isPropertyNameSpelling(node: ts.Node): boolean {
  const parent = node.parent as ts.Node & { name?: ts.Node };
  return (ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isIdentifier(node)) && parent !== undefined && parent.name === node && (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent) || ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent) || ts.isEnumMember(parent));
}

/**
 * The text a piece of JSX text stands for, by JSX's rule for whitespace: a text on one line is kept as it is; across
 * lines, each line loses the spaces and tabs at its ends where it meets a line break, empty lines go, and the rest
 * join with one space. So a formatter re-indenting JSX keeps the value, and a space added or removed within a line
 * (`<b>Hi</b> there`, `a  b`) does not.
 */
function jsxTextValue(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length === 1) return text;
  const kept: string[] = [];
  lines.forEach((line, i) => {
    let part = i > 0 ? line.replace(/^[ \t]+/, '') : line;
    if (i < lines.length - 1) part = part.replace(/[ \t]+$/, '');
    if (part !== '') kept.push(part);
  });
  return kept.join(' ');
}

/** What one node says, apart from its children. */
function label(node: ts.Node): string {
  if (isPropertyNameSpelling(node)) return `name:${(node as ts.Identifier | ts.StringLiteral | ts.NumericLiteral).text}`;
  if (ts.isJsxText(node)) return `jsx:${jsxTextValue(node.text)}`;
  let out = `${node.kind}`;
  const flags = node.flags & MEANINGFUL_FLAGS;
  if (flags !== 0) out += `/${flags}`;
  if (ts.isSourceFile(node)) return out;
  for (const [key, value] of Object.entries(node)) {
    if (LAYOUT.has(key) || value === undefined || value === null || typeof value === 'object' || typeof value === 'function') continue;
    out += ` ${key}=${JSON.stringify(value)}`;
  }
  return out;
}

/** Every comment of `file`, in order, whitespace collapsed. */
function comments(file: ts.SourceFile): string[] {
  const text = file.getFullText();
  const found = new Map<number, string>();
  const take = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) found.set(range.pos, text.slice(range.pos, range.end).replace(/\s+/g, ' ').trim());
  };
  const visit = (node: ts.Node): void => {
    take(ts.getLeadingCommentRanges(text, node.pos));
    take(ts.getTrailingCommentRanges(text, node.end));
    // JSX text holds no comments, and its children are not tokens to scan from.
    if (!ts.isJsxText(node)) for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  return [...found].sort((a, b) => a[0] - b[0]).map(([, comment]) => comment);
}

/** The meaning of `text` as a sequence of strings, or undefined when it does not parse. */
export function fingerprint(text: string, fileName: string): string[] | undefined {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  // HACK: parseDiagnostics is internal, but it is what `tsc` reports as syntax errors, without building a program.
  if ((file as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics.length > 0) return undefined;
  const out: string[] = [];
  const visitNode = (node: ts.Node): void => {
    if (ts.isParenthesizedExpression(node)) return visitNode(node.expression);
    if (ts.isParenthesizedTypeNode(node)) return visitNode(node.type);
    if (isStray(node)) return;
    out.push(label(node), '(');
    ts.forEachChild(node, visitNode, visitArray);
    out.push(')');
  };
  const visitArray = (nodes: ts.NodeArray<ts.Node>): void => {
    // An empty list is no list: `new X()` is `new X`.
    if (nodes.length === 0) return;
    out.push('[');
    for (const node of nodes) visitNode(node);
    out.push(']');
  };
  visitNode(file);
  out.push('comments', ...comments(file));
  return out;
}

/** Whether `a` and `b` are the same module up to formatting (see the file's header). */
export function sameModule(a: string, b: string, fileName: string): boolean {
  if (a === b) return true;
  const left = fingerprint(a, fileName);
  const right = left === undefined ? undefined : fingerprint(b, fileName);
  return left !== undefined && right !== undefined && left.length === right.length && left.every((part, i) => part === right[i]);
}
