/**
 * The spec's compile-time checks, as `shallot check` reports them: TypeScript
 * already finds them (shallot's types make each a type error naming the layer),
 * so verify reads the checker's diagnostics at the chains and at the layers'
 * bodies, and shows the message of a `ChainError` rather than the whole type.
 */
import { ts, type Node, type SourceFile } from 'ts-morph';
import type { Diagnostic } from '../diagnostics.js';

const chainErrorText = /ChainError<"((?:[^"\\]|\\.)*)">/;

/** The one line to show for a TypeScript diagnostic. */
export function messageOf(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const branded = chainErrorText.exec(text);
  if (branded !== null) return JSON.parse(`"${branded[1]}"`) as string;
  return `${text.split('\n')[0]} (TS${diagnostic.code})`;
}

/** Diagnostics of the checker that fall inside one of `ranges` (nodes of `file`), each reported once; only those of `codes` when given. */
export function typeErrors(file: SourceFile, ranges: readonly Node[], codes?: ReadonlySet<number>): Diagnostic[] {
  const program = file.getProject().getProgram().compilerObject;
  const all = [...program.getSyntacticDiagnostics(file.compilerNode), ...program.getSemanticDiagnostics(file.compilerNode)];
  const out: Diagnostic[] = [];
  for (const d of all) {
    if (d.category !== ts.DiagnosticCategory.Error || d.start === undefined || (codes !== undefined && !codes.has(d.code))) continue;
    if (!ranges.some((r) => d.start! >= r.getStart() && d.start! < r.getEnd())) continue;
    const { line, character } = file.compilerNode.getLineAndCharacterOfPosition(d.start);
    out.push({ file: file.getFilePath(), line: line + 1, column: character + 1, code: 'type', message: messageOf(d) });
  }
  return out;
}

/** Syntax errors of a file: a module that does not parse is never generated from. */
export function syntaxErrors(file: SourceFile): Diagnostic[] {
  const program = file.getProject().getProgram().compilerObject;
  return program.getSyntacticDiagnostics(file.compilerNode).map((d) => {
    const { line, character } = file.compilerNode.getLineAndCharacterOfPosition(d.start ?? 0);
    return { file: file.getFilePath(), line: line + 1, column: character + 1, code: 'syntax', message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]} (TS${d.code})` };
  });
}
