/**
 * A small project on disk (test/codegen-support/.cases/<name>/), compiled by
 * codegen through its API, and every exported chain compared with its
 * generated handler for each request: guards on (the source module's chain),
 * guards off (the same layers rebuilt), and generated. What the tests of
 * codegen's shape classes share.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chain, middleware, ShallotError } from 'shallot';
import { fromProjectDir, generateAll } from './codegen.js';
import type { RunResult } from '../../codegen/run.js';

export const casesDir = path.resolve('test/codegen-support/.cases');

/** A strict tsconfig: the sources (and the generated modules beside them) compile under every flag users turn on. */
export const strictConfig = {
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['es2023', 'esnext.disposable', 'dom'],
    types: [],
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    exactOptionalPropertyTypes: true,
    allowUnreachableCode: false,
    noUncheckedIndexedAccess: true,
    noImplicitReturns: true,
    noImplicitOverride: true,
    noPropertyAccessFromIndexSignature: true,
    noFallthroughCasesInSwitch: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['**/*.ts'],
};

export interface Project {
  readonly dir: string;
  readonly result: RunResult;
  /** The generated module of `file` (e.g. 'app.ts'), its text. */
  readonly generated: (file: string) => string;
}

/** Writes `files` (paths relative to the project) and a strict tsconfig, runs codegen over it and writes its outputs. */
export function project(name: string, files: Record<string, string>, config: object = strictConfig): Project {
  const dir = path.join(casesDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const result = generateAll(fromProjectDir(dir), { inline: true });
  return { dir, result, generated: (file) => fs.readFileSync(path.join(dir, file.replace(/\.ts$/, '.gen.ts')), 'utf8') };
}

export interface Outcome {
  readonly promise: boolean;
  readonly status?: number;
  readonly body?: string;
  readonly headers?: [string, string][];
  readonly error?: string;
  readonly log: unknown;
}

type App = ((req: object) => unknown) & { description: { layers: readonly { name: string; sync: boolean; fn?: unknown }[]; handler?: unknown; generated?: boolean } };

/** What answering `req` does: the response (or error), whether a promise came back, and `req.log` when it has one. */
export async function outcome(app: App, req: Record<string, unknown>): Promise<Outcome> {
  const request = { ...req, log: [] as unknown[] };
  let promise = false;
  try {
    const answer = app(request);
    promise = answer instanceof Promise;
    const res = (await answer) as Response;
    return { promise, status: res.status, body: await res.text(), headers: [...res.headers].sort(), log: request.log };
  } catch (error) {
    return { promise, error: `${(error as Error).message}${error instanceof ShallotError ? ` [${error.code}]` : ''}`, log: request.log };
  }
}

/** The runtime chain again, with the guards off. */
export function unguarded(app: App): App {
  let builder = chain({ guards: false }) as unknown as { use(layer: unknown): typeof builder; handle(fn: unknown): App };
  for (const layer of app.description.layers) builder = builder.use(layer.sync ? middleware.sync(layer.name, layer.fn as never) : middleware(layer.name, layer.fn as never));
  return builder.handle(app.description.handler);
}

/** For each chain `file` exports and each request: [runtime guards on, guards off, generated] outcomes. */
export async function compare(p: Project, file: string, requests: readonly Record<string, unknown>[]): Promise<Record<string, Outcome[][]>> {
  const source = (await import(pathToFileURL(path.join(p.dir, file)).href)) as Record<string, App>;
  const generated = (await import(pathToFileURL(path.join(p.dir, file.replace(/\.ts$/, '.gen.ts'))).href)) as Record<string, App>;
  // The generated module exports every chain its source exports (an export missing there is a module that is not its source's).
  const isChain = (v: unknown): boolean => typeof v === 'function' && typeof (v as { description?: unknown }).description === 'object';
  const missing = Object.keys(source).filter((name) => isChain(source[name]) && !(name in generated));
  if (missing.length > 0) throw new Error(`${file.replace(/\.ts$/, '.gen.ts')} does not export the chains ${missing.join(', ')} that ${file} exports`);
  const out: Record<string, Outcome[][]> = {};
  for (const [name, flat] of Object.entries(generated)) {
    const runtime = source[name]!;
    out[name] = [];
    for (const req of requests) out[name].push([await outcome(runtime, req), await outcome(unguarded(runtime), req), await outcome(flat, req)]);
  }
  return out;
}
