/**
 * What the bundler plugin runs, whatever the bundler: the same generator as
 * `shallot codegen`, kept loaded between rebuilds (as `--watch` keeps it), so a
 * change re-checks only what it touches. It writes each `.gen.ts` beside its
 * source, only when its code changed, exactly as the CLI would (so
 * `shallot codegen --check` agrees with what the bundle ran), and answers with
 * the diagnostics for the bundler to report.
 *
 * Why write files rather than serve each chain module transformed in memory:
 * the bundler then sees only real modules, so its resolution, caching, HMR and
 * watching work unchanged in Vite, Rollup, esbuild and webpack alike (no
 * virtual ids, no second copy of the source module, no merging of its other
 * exports), the editor and `tsc` type the import of `./app.gen`, and what runs
 * in dev and build is byte for byte what `--check` checks. TanStack Router's
 * plugin makes the same choice for its route tree.
 *
 * ts-morph is loaded on the first build, not when the plugin is imported: the
 * bundler's config loads without it, and a build says what to install.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedProject } from '../engine.js';
import { sourcePathOf } from '../paths.js';
import { ToolError } from '../tool-error.js';

type Engine = typeof import('../engine.js');

/** What one run of the generator did. */
export interface Report {
  readonly diagnostics: readonly Diagnostic[];
  /** Generated modules written (their code changed). */
  readonly written: readonly string[];
  /** Generated modules deleted (their source was). */
  readonly removed: readonly string[];
  /** How long the run took, in milliseconds. */
  readonly ms: number;
}

export interface GeneratorOptions {
  /** The tsconfig (a solution's references are followed). */
  readonly tsconfig: string;
  /** False to call every layer (as `--no-inline`). */
  readonly inline: boolean;
}

const isGeneratedPath = (file: string): boolean => /\.gen\.(c|m)?tsx?$/.test(file);
const mtime = (file: string): number => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1; // gone
  }
};

export class Generator {
  readonly #options: GeneratorOptions;
  #engine: Engine | undefined;
  #projects: readonly LoadedProject[] = [];
  /** Per module with chains, every file its last run read, with the time it was read at. */
  readonly #inputs = new Map<string, Map<string, number>>();
  /** The sources the projects listed at the last run (to notice files added or deleted between esbuild rebuilds). */
  #listed = new Set<string>();
  /** The generated modules the last runs wrote or found fresh: one deleted since is made again. */
  readonly #outputs = new Set<string>();
  #started: Promise<Report> | undefined;

  constructor(options: GeneratorOptions) {
    this.#options = options;
  }

  /** The first run (once): loads the projects and generates every module. */
  start(): Promise<Report> {
    this.#started ??= this.#first();
    return this.#started;
  }

  async #first(): Promise<Report> {
    const started = performance.now();
    this.#engine = await import('../engine.js').catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes("'ts-morph'")) {
        throw new ToolError('the shallot bundler plugin needs ts-morph, which is not installed: npm i -D ts-morph', 2);
      }
      throw error;
    });
    this.#projects = this.#engine.loadProjects(this.#options.tsconfig);
    this.#listed = this.#listing();
    const report = this.#run(undefined, started, []);
    return report.diagnostics.length === 0 && this.#inputs.size === 0 ? { ...report, diagnostics: this.#engine.whyNoChains(this.#projects, this.#options.tsconfig) } : report;
  }

  /** The source files the projects' tsconfigs list now. */
  #listing(): Set<string> {
    return new Set(this.#projects.flatMap((loaded) => loaded.sources()));
  }

  /** Runs over `only` (everything when undefined), writes what changed, records what each module read. */
  #run(only: ReadonlySet<string> | undefined, started: number, removed: readonly string[]): Report {
    const engine = this.#engine!;
    const result = engine.runProjects(this.#projects, { inline: this.#options.inline }, only);
    for (const module of result.modules) {
      const read = new Map<string, number>();
      for (const file of module.inputs) read.set(file, mtime(file));
      this.#inputs.set(module.file.getFilePath(), read);
    }
    const written = result.outputs.filter((output) => engine.writeModule(output) === 'written').map((output) => output.path);
    for (const output of result.outputs) this.#outputs.add(output.path);
    for (const orphan of result.orphans) {
      engine.removeOrphan(orphan);
      this.#outputs.delete(orphan);
    }
    return { diagnostics: result.diagnostics, written, removed: [...removed, ...result.orphans], ms: performance.now() - started };
  }

  /** After `files` changed (edited, added, deleted): regenerates what they feed. */
  async changed(files: readonly string[]): Promise<Report> {
    await this.start();
    const started = performance.now();
    const sources = files.map((file) => path.resolve(file)).filter((file) => /\.(m|c)?tsx?$/.test(file) && !isGeneratedPath(file));
    if (sources.length === 0) return { diagnostics: [], written: [], removed: [], ms: 0 };
    const inputs = new Map([...this.#inputs].map(([module, read]) => [module, new Set(read.keys())] as const));
    const { only, removed } = this.#engine!.applyChanges(this.#projects, inputs, sources);
    for (const gone of removed) this.#inputs.delete(sourcePathOf(gone));
    if (only.size === 0) return { diagnostics: [], written: [], removed, ms: performance.now() - started };
    return this.#run(only, started, removed);
  }

  /**
   * Brings everything up to date with the disk, for a bundler that tells no
   * changes (esbuild: each rebuild starts here): the inputs whose time moved,
   * and the files that appeared or went since the last run.
   */
  async sync(): Promise<Report> {
    if (this.#started === undefined) return this.start();
    await this.#started;
    const changed = new Set<string>();
    for (const read of this.#inputs.values()) for (const [file, time] of read) if (mtime(file) !== time) changed.add(file);
    const listed = this.#listing();
    for (const file of listed) if (!this.#listed.has(file)) changed.add(file);
    for (const file of this.#listed) if (!listed.has(file)) changed.add(file);
    this.#listed = listed;
    for (const generated of this.#gone()) changed.add(sourcePathOf(generated));
    return this.changed([...changed]);
  }

  /** Before the bundler reads `generated` (a `.gen.ts`): regenerates it if anything it was made from changed since. */
  async fresh(generated: string): Promise<Report | undefined> {
    await this.start();
    const source = sourcePathOf(generated);
    const read = this.#inputs.get(source);
    if (read === undefined) return undefined;
    const changed = [...read].filter(([file, time]) => mtime(file) !== time).map(([file]) => file);
    if (this.#gone().includes(path.resolve(generated))) changed.push(source);
    return changed.length === 0 ? undefined : this.changed(changed);
  }

  /** Generated modules written before that are not on disk now (deleted by hand, or by a clean script), their sources still there. */
  #gone(): string[] {
    const gone = [...this.#outputs].filter((generated) => !fs.existsSync(generated) && fs.existsSync(sourcePathOf(generated)));
    for (const generated of gone) this.#outputs.delete(generated);
    return gone;
  }
}
