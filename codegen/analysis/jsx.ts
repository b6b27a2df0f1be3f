/**
 * Whether a function literal reads the same once copied into the generated
 * module of another file: a `.gen.tsx` parses `<T>x` and `<T>(x) => …` as JSX,
 * a `.gen.ts` cannot hold JSX at all, and JSX compiles by settings the copy may
 * not have: a classic factory (`jsx: react`, `h` or `React`) that no name in
 * the code refers to, so the generated module would not import it, and a
 * pragma comment (`@jsx`, `@jsxImportSource`, …) of the source file, or the
 * tsconfig.json nearest to it when that is not the generated module's. A literal
 * for which any of that holds is called, not inlined.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts, type SourceFile } from 'ts-morph';
import type { FunctionLiteral } from './syntax.js';

const isTsx = (file: SourceFile): boolean => /\.tsx$/i.test(file.getFilePath());

/** Whether a node under `fn` (on the compiler's tree: no wrappers made) is one `test` accepts. */
function some(fn: FunctionLiteral, test: (node: ts.Node) => boolean): boolean {
  const visit = (node: ts.Node): boolean => test(node) || ts.forEachChild(node, visit) === true;
  return ts.forEachChild(fn.compilerNode, visit) === true;
}

/** JSX can only be written in a .tsx file. */
const hasJsx = (fn: FunctionLiteral): boolean => isTsx(fn.getSourceFile()) && some(fn, (n) => ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n));

/** `<T>x`, and an arrow function with type parameters written without a trailing comma (`<T>(x: T) => x`): JSX in a .tsx file. */
const readsAsJsx = (fn: FunctionLiteral): boolean =>
  some(fn, (n) => ts.isTypeAssertionExpression(n) || (ts.isArrowFunction(n) && n.typeParameters !== undefined && n.typeParameters.length > 0 && !n.typeParameters.hasTrailingComma));

/** A JSX pragma comment (`@jsx h`, `@jsxFrag`, `@jsxImportSource`, `@jsxRuntime`), which sets JSX for its file only. */
const PRAGMA = /@jsx(?:Frag|ImportSource|Runtime)?\b/;

/** The tsconfig.json nearest to `dir` (in it or above), if any. */
function nearestTsconfig(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const here = path.join(at, 'tsconfig.json');
    if (fs.existsSync(here)) return here;
    if (path.dirname(at) === at) return undefined;
  }
}

/** Why `fn` cannot be copied into the generated module of `into`, for its syntax; `undefined` when it can. */
export function jsxProblem(fn: FunctionLiteral, into: SourceFile): string | undefined {
  const from = fn.getSourceFile();
  const target = path.basename(into.getFilePath()).replace(/\.(m|c)?(ts|tsx)$/i, '.gen.$1$2');
  if (hasJsx(fn)) {
    if (!isTsx(into)) return `it is written with JSX, which ${target} (not a .tsx file) cannot hold`;
    const mode = into.getProject().getCompilerOptions().jsx;
    const automatic = mode === ts.JsxEmit.ReactJSX || mode === ts.JsxEmit.ReactJSXDev || mode === ts.JsxEmit.Preserve || mode === ts.JsxEmit.ReactNative;
    if (!automatic) return 'its JSX compiles to calls of a factory (jsx: react) that no name in its code refers to, so the generated module would not import it';
    if (PRAGMA.test(from.getFullText())) return `its JSX is set by a pragma comment of ${path.basename(from.getFilePath())}, which ${target} does not have`;
    // A bundler (Vite, esbuild) compiles each file's JSX by its nearest tsconfig.json, as tsc -b compiles each project by its own.
    const own = nearestTsconfig(path.dirname(from.getFilePath()));
    if (own !== nearestTsconfig(path.dirname(into.getFilePath()))) return `its JSX is compiled by the settings of ${own === undefined ? 'no tsconfig.json' : path.relative(path.dirname(into.getFilePath()), own)}, not those of ${target}'s`;
  }
  if (isTsx(into) && !isTsx(from) && readsAsJsx(fn)) return `it is written in ${path.basename(from.getFilePath())} with a type assertion or a generic arrow function, which ${target} (a .tsx file) would read as JSX`;
  return undefined;
}
