/**
 * Diagnostics: one problem at one place, printed as `file:line:col: message`
 * (or as JSON), the way compilers print them so editors can jump to them.
 */
import path from 'node:path';
import type { Node } from 'ts-morph';

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** A short, stable id of the check (e.g. `dropped-next`). */
  readonly code: string;
}

/** A diagnostic at `node`'s first token. */
export function at(node: Node, code: string, message: string): Diagnostic {
  const file = node.getSourceFile();
  const { line, column } = file.getLineAndColumnAtPos(node.getStart());
  return { file: file.getFilePath(), line, column, code, message };
}

/** A diagnostic about a whole file (or one that cannot be placed). */
export function inFile(file: string, code: string, message: string, line = 1, column = 1): Diagnostic {
  return { file, line, column, code, message };
}

/** `file:line:col: message`, the file relative to `cwd`. */
export function format(d: Diagnostic, cwd: string): string {
  return `${path.relative(cwd, d.file) || d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** Sorted by file, then position: output must not depend on traversal order. */
export function sorted(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}
