/**
 * The bundler plugin, one implementation on `unplugin` for every bundler
 * (`shallot/vite`, `shallot/rollup`, `shallot/esbuild`, `shallot/webpack`):
 *
 * - at the start of a build (and of a dev server), `shallot codegen` over the
 *   project: each module with exported chains gets its `.gen.ts` written
 *   beside it, only when its code changed (generator.ts says why files);
 * - on a change the bundler reports (Vite's dev server, Rollup and webpack
 *   watch), and at each esbuild rebuild, only the modules the changed files
 *   feed are generated again, before the bundler reads them; a `.gen.ts` is
 *   also checked against what it was made from when the bundler loads it;
 * - problems in the chains go through the bundler's own channel, each at its
 *   file, line and column: errors that fail a build, warnings in Vite's dev
 *   server (which keeps serving the last good output).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createUnplugin, type UnpluginBuildContext } from 'unplugin';
import type { Diagnostic } from '../diagnostics.js';
import { sourcesOf } from '../paths.js';
import { ToolError } from '../tool-error.js';
import { Generator, type Report } from './generator.js';

/**
 * Options of the shallot bundler plugin (the same for every bundler).
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import shallot from 'shallot/vite';
 * export default { plugins: [shallot({ project: 'tsconfig.app.json' })] };
 * ```
 */
export interface ShallotPluginOptions {
  /** The project's tsconfig, relative to the bundler's root (Vite's `root`, esbuild's `absWorkingDir`, else the working directory). Default `tsconfig.json`; a solution's references are followed. */
  readonly project?: string | undefined;
  /** False to call every layer rather than inline it (as `shallot codegen --no-inline`). Default true. */
  readonly inline?: boolean | undefined;
}

/** How one diagnostic reads in a bundler's message (`file:line:col: message`, the file relative to `root`). */
const line = (d: Diagnostic, root: string): string => `${path.relative(root, d.file) || d.file}:${d.line}:${d.column}: ${d.message}`;

/** A Rollup-style log: a message with its place. */
interface Log {
  readonly message: string;
  readonly id: string;
  readonly loc: { readonly file: string; readonly line: number; readonly column: number };
}

const log = (d: Diagnostic, root: string): Log => ({
  message: `[shallot] ${line(d, root)}`,
  id: d.file,
  loc: { file: d.file, line: d.line, column: d.column },
});

interface Channel {
  warn?: (log: Log) => void;
  error?: (log: Log) => never;
}

const summary = (report: Report, root: string): string =>
  `shallot: ${report.diagnostics.length} problem${report.diagnostics.length === 1 ? '' : 's'} in the chains (run \`shallot check\` for the same list):\n${report.diagnostics.map((d) => `  ${line(d, root)}`).join('\n')}`;

/**
 * Reports through a Rollup-like context (Rollup, Vite): each diagnostic as a
 * warning at its place; for a build that must fail, then one error that lists
 * them all at the first one's place. Without such a context (webpack), the
 * console and a thrown error.
 */
function report(context: unknown, result: Report, root: string, fail: boolean): void {
  if (result.diagnostics.length === 0) return;
  const channel = context as Channel;
  const warn = typeof channel.warn === 'function' ? channel.warn.bind(context) : (l: Log) => console.warn(l.message);
  for (const d of result.diagnostics) warn(log(d, root));
  if (!fail) return;
  const first = result.diagnostics[0]!;
  const error = { ...log(first, root), message: summary(result, root) };
  if (typeof channel.error === 'function') channel.error.call(context, error);
  throw new Error(error.message);
}

/** esbuild's messages: a location per diagnostic (esbuild's columns count from 0). */
function esbuildMessages(result: Report, root: string): { text: string; location: { file: string; line: number; column: number; lineText: string } }[] {
  const lineOf = (file: string, line: number): string => {
    try {
      return fs.readFileSync(file, 'utf8').split(/\r?\n/)[line - 1] ?? '';
    } catch {
      return '';
    }
  };
  return result.diagnostics.map((d) => ({ text: `[shallot] ${d.message}`, location: { file: path.relative(root, d.file) || d.file, line: d.line, column: Math.max(0, d.column - 1), lineText: lineOf(d.file, d.line) } }));
}

const GENERATED = /\.gen\.(c|m)?tsx?$/;

/**
 * The tsconfig the plugin reads: the `project` option, relative to the bundler's root; without it, the nearest
 * tsconfig.json at or above the root, as tsc and Vite's own TypeScript transform find it (a Vite `root: 'client'`
 * with the tsconfig beside vite.config.ts). A setup error names the option to set, not the CLI's --project.
 */
function tsconfigOf(root: string, project: string | undefined): string {
  if (project !== undefined) {
    const file = path.resolve(root, project);
    if (!fs.existsSync(file)) throw new ToolError(`${file}: no such file (the plugin's project option, '${project}', is read relative to the bundler's root, ${root})`, 2);
    return file;
  }
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) break;
  }
  throw new ToolError(`no tsconfig.json in ${root} or any folder above it: set the plugin's project option, shallot({ project: 'path/to/tsconfig.json' }), relative to the bundler's root`, 2);
}

/** The unplugin instance: `.vite()`, `.rollup()`, `.esbuild()`, `.webpack()` make the plugin for each bundler. */
export const unplugin = createUnplugin<ShallotPluginOptions | undefined>((options, meta) => {
  let root = process.cwd();
  let dev = false;
  let generator: Generator | undefined;
  const get = (): Generator => {
    generator ??= new Generator({ tsconfig: tsconfigOf(root, options?.project), inline: options?.inline !== false });
    return generator;
  };
  /** A setup problem (no ts-morph, no tsconfig) as a thrown error naming what to do. */
  const guarded = async (run: () => Promise<Report | undefined>): Promise<Report | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ToolError) throw new Error(`shallot: ${error.message}`);
      throw error;
    }
  };
  return {
    name: 'shallot',
    enforce: 'pre',
    async buildStart(this: UnpluginBuildContext) {
      if (meta.framework === 'esbuild') return; // esbuild.setup below reports with locations
      const result = await guarded(() => get().sync());
      if (result !== undefined) report(this, result, root, !dev);
    },
    async watchChange(this: UnpluginBuildContext, id: string, change?: { event: string }) {
      if (generator === undefined) return;
      // A generated module is codegen's own output, no change of a source; deleted (a clean script), it is made again.
      const files = GENERATED.test(id) ? (change?.event === 'delete' ? sourcesOf(path.resolve(id.replace(/[?#].*$/, ''))) : []) : [id];
      if (files.length === 0) return;
      const result = await guarded(() => get().changed(files));
      if (result !== undefined) report(this, result, root, false);
    },
    load: {
      filter: { id: GENERATED },
      async handler(id: string) {
        // Served as the file on disk, once it is what its sources make now.
        const result = await guarded(() => get().fresh(id.replace(/[?#].*$/, '')));
        if (result !== undefined) report(this, result, root, false);
        return undefined;
      },
    },
    vite: {
      configResolved(config: { root: string; command: string }) {
        root = config.root;
        dev = config.command === 'serve';
      },
      async configureServer() {
        // The dev server resolves `./app.gen` before any buildStart: generate first.
        const result = await guarded(() => get().start());
        if (result !== undefined && result.diagnostics.length > 0) for (const d of result.diagnostics) console.warn(`[shallot] ${line(d, root)}`);
      },
    },
    esbuild: {
      setup(build) {
        root = build.initialOptions.absWorkingDir ?? process.cwd();
        build.onStart(async () => {
          try {
            const result = (await get().sync()) ?? { diagnostics: [] as Diagnostic[] };
            return { errors: esbuildMessages(result as Report, root) };
          } catch (error) {
            return { errors: [{ text: error instanceof ToolError ? `shallot: ${error.message}` : String((error as Error).stack ?? error) }] };
          }
        });
      },
    },
  };
});
