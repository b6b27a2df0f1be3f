/**
 * Generate: one module per source module with chains, beside it (`app.ts` ->
 * `app.gen.ts`), exporting the same names with the same types. Deterministic:
 * the same source gives the same bytes.
 */
import path from 'node:path';
import { Node, Project, ts, type SourceFile } from 'ts-morph';
import type { ChainModel, ModuleModel } from '../model.js';
import { ChainEmitter, type ChainPlan, type Env } from './emit.js';
import { Imports, relativeSpecifier, type SpecifierStyle } from './imports.js';
import { Names } from './names.js';
import { planLiteral } from './plan.js';

export interface GenerateOptions {
  /** False for `--no-inline`: every layer is called directly (for debugging). */
  readonly inline: boolean;
}

export interface GeneratedModule {
  readonly source: string;
  readonly path: string;
  readonly text: string;
  /** Per chain, the layers that are called rather than inlined, with why. */
  readonly notes: readonly string[];
}

/** `app.ts` -> `app.gen.ts` (and `.mts` -> `.gen.mts`, `.tsx` -> `.gen.tsx`). */
export const generatedPath = (source: string): string => source.replace(/\.(m|c)?(ts|tsx)$/, '.gen.$1$2');

/** How the module writes relative imports: `./x.js` (Node ESM) or `./x` (bundlers). */
function specifierStyle(file: SourceFile): SpecifierStyle {
  for (const decl of file.getImportDeclarations()) {
    const spec = decl.getModuleSpecifierValue();
    if (!spec.startsWith('.')) continue;
    return /\.(m|c)?(js|ts)x?$/.test(spec) ? 'js' : 'bare';
  }
  const resolution = file.getProject().getCompilerOptions().moduleResolution;
  return resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext ? 'js' : 'bare';
}

/** Whether each layer is async, per the layer model (unknown counts as async: it gets awaited). */
const isAsyncChain = (chain: ChainModel): boolean => chain.layers.some((l) => l.sync !== true);

function planChain(chain: ChainModel, options: GenerateOptions): ChainPlan {
  const layers = chain.layers.map((layer) => {
    if (!options.inline) return 'inlining is off (--no-inline)';
    if (layer.opaque !== undefined) return layer.opaque;
    if (layer.fn === undefined) return 'its function cannot be found';
    const plan = planLiteral(layer.fn, 'layer');
    return typeof plan === 'string' ? plan : plan;
  });
  const { handler } = chain;
  const handlerPlan = !options.inline
    ? 'inlining is off (--no-inline)'
    : handler.fn === undefined
      ? (handler.opaque ?? 'its function cannot be found')
      : planLiteral(handler.fn, 'handler');
  return { chain, layers, handler: handlerPlan, async: isAsyncChain(chain) };
}

const RESERVED = ['Object', 'undefined', 'Awaited', 'ReturnType', 'Promise'];

/** The generated module for `model`, or undefined when it has no chains. */
export function generateModule(model: ModuleModel, options: GenerateOptions): GeneratedModule | undefined {
  if (model.chains.length === 0) return undefined;
  const sourcePath = model.file.getFilePath();
  const genPath = generatedPath(sourcePath);
  const genDir = path.dirname(genPath);
  const style = specifierStyle(model.file);
  const names = new Names();
  const imports = new Imports(names);
  const decls: string[] = [];
  const env: Env = { names, imports, genDir, style, decls };

  const plans = model.chains.map((chain) => planChain(chain, options));
  for (const plan of plans) {
    for (const p of [...plan.layers, plan.handler]) if (typeof p !== 'string') names.reserve(...p.scope.globals);
  }
  names.reserve(...RESERVED, ...model.chains.map((c) => c.name));

  const sourceSpecifier = relativeSpecifier(genDir, sourcePath, style);
  const contextOf = imports.add('shallot', 'ContextOf', 'ContextOf', true);
  const bodies: string[] = [];
  const exports: string[] = [];
  const notes: string[] = [];
  for (const plan of plans) {
    const { chain } = plan;
    const sourceType = imports.add(sourceSpecifier, chain.name, `${chain.name}Source`, true);
    const ctx = names.fresh(`${chain.name.charAt(0).toUpperCase()}${chain.name.slice(1)}Context`);
    decls.push(`/** What the handler of '${chain.name}' sees: the request plus every addition. */\ntype ${ctx} = ${contextOf}<typeof ${sourceType}>;`);
    const source = (): string => imports.add(sourceSpecifier, chain.name, `${chain.name}Source`, false);
    const emitter = new ChainEmitter(env, plan, source, ctx);
    const flat = names.fresh(`${chain.name}Flat`);
    bodies.push(emitter.emit(flat));
    const description = `{ layers: Object.freeze([${chain.layers.map((l, i) => `Object.freeze({ name: ${JSON.stringify(l.name ?? `layer ${i}`)}, sync: ${l.sync === true} })`).join(', ')}]), sync: ${!plan.async}, guards: false, generated: true }`;
    exports.push(
      `export const ${chain.name} = Object.defineProperty(${flat}, 'description', { value: Object.freeze(${description}), enumerable: true }) as unknown as typeof ${sourceType};`,
    );
    plan.layers.forEach((p, i) => {
      if (typeof p === 'string') notes.push(`${chain.name}: layer '${chain.layers[i]!.name ?? i}' is called, not inlined: ${p}`);
    });
    if (typeof plan.handler === 'string') notes.push(`${chain.name}: the handler is called, not inlined: ${plan.handler}`);
  }

  const rel = path.basename(sourcePath);
  const text = [
    `// DO NOT EDIT: generated by \`shallot codegen\` from ${rel}.`,
    `// Edit ${rel} (or the layers it uses) and run \`shallot codegen\` again; \`shallot codegen --check\` tells when this file is stale.`,
    '/* eslint-disable */',
    ...imports.render(),
    '',
    ...decls,
    '',
    ...bodies,
    '',
    ...exports,
    '',
  ].join('\n');
  return { source: sourcePath, path: genPath, text: format(text), notes };
}

/** Formats with TypeScript's own formatter (deterministic; keeps comments and the user's quotes). */
function format(text: string): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('/generated.ts', text);
  file.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  return file.getFullText().replace(/\n{3,}/g, '\n\n');
}

export type { Node };
