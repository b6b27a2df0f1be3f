/**
 * One run over a loaded project: inspect every candidate module, verify its
 * chains, and generate a module for each one that verified clean. Nothing is
 * written here (see write.ts): analysis first, then output.
 *
 * `runProjects` runs over every project a tsconfig stands for (a solution's
 * references), and `whyNoChains` says, file by file, why a run that found no
 * chain found none: a check that checked nothing must not look like a pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Node, ts, type SourceFile } from 'ts-morph';
import { at, inFile, sorted, type Diagnostic } from './diagnostics.js';
import { methodCall } from './analysis/syntax.js';
import { GENERATED_MARK, generateModule, generatedPath, isGeneratedText, type GeneratedModule, type Reexport } from './generate/index.js';
import { findChains } from './inspect/index.js';
import type { LoadedProject } from './inspect/project.js';
import { isBuilderType } from './inspect/shapes.js';
import { shadowOf, sourcePathOf } from './paths.js';
import type { ModuleModel, ReexportedChain } from './model.js';
import { verifyModule } from './verify/index.js';

export interface RunOptions {
  /** False for `--no-inline`. */
  readonly inline: boolean;
  /** Only verify (for `shallot check`). */
  readonly verifyOnly?: boolean;
}

export interface RunResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly outputs: readonly GeneratedModule[];
  readonly modules: readonly ModuleModel[];
  readonly chains: number;
  /**
   * Generated modules on disk whose source this run read and found no chain in (it became a barrel, its last
   * chain moved away): left there, they would go on answering with the code of chains that are gone.
   */
  readonly orphans: readonly string[];
}

interface Inspected {
  readonly model: ModuleModel;
  readonly problems: readonly Diagnostic[];
  /** Whether its module is generated: no problem but chains it cannot read (those are re-exported as they are), and no file of someone else's where it would go. */
  readonly generated: boolean;
  /** Where its generated module would go there is a file codegen did not write: why it is left alone. */
  readonly occupied: Diagnostic | undefined;
}

/**
 * Each candidate module inspected (found and verified) once per run, over every project of a solution: for its
 * own generated module, and for the modules that export its chains again (which may be another project's).
 */
export class Inspector {
  readonly #candidates = new Map<string, SourceFile>();
  readonly #seen = new Map<string, Inspected | undefined>();

  constructor(projects: readonly LoadedProject[]) {
    for (const loaded of projects) for (const file of loaded.files) if (!this.#candidates.has(file.getFilePath())) this.#candidates.set(file.getFilePath(), file);
  }

  inspect(file: string): Inspected | undefined {
    if (!this.#seen.has(file)) {
      const source = this.#candidates.get(file);
      const model = source === undefined ? undefined : findChains(source);
      if (model === undefined || (model.chains.length === 0 && model.opaque.length === 0 && model.unsupported.length === 0)) this.#seen.set(file, undefined);
      else {
        const problems = verifyModule(model);
        const occupied = occupiedBy(file);
        this.#seen.set(file, { model, problems, generated: occupied === undefined && !problems.some((d) => d.code !== 'opaque-chain'), occupied });
      }
    }
    return this.#seen.get(file);
  }
}

export function run(loaded: LoadedProject, options: RunOptions, only?: ReadonlySet<string>, inspector: Inspector = new Inspector([loaded])): Omit<RunResult, 'orphans'> {
  const diagnostics: Diagnostic[] = [];
  const outputs: GeneratedModule[] = [];
  const modules: ModuleModel[] = [];
  let chains = 0;
  const inspect = (file: string): Inspected | undefined => inspector.inspect(file);
  // A chain of another module exported again: from that module's generated module when this run writes it (a
  // candidate of one of its projects, free of problems) and it exports the chain; else as the runtime chain, where its
  // type says it is one; else it is no chain (a layer exported again) and the generated module leaves it out.
  const reexport = (again: ReexportedChain): Reexport | undefined => {
    const there = inspect(again.from.getFilePath());
    const all = there?.generated === true ? [...there.model.chains, ...there.model.opaque].flatMap((c) => c.exports) : [];
    const generatedAs = again.names.find((name) => all.includes(name));
    if (generatedAs === undefined && !again.chain) return undefined;
    return { exports: again.exports, from: again.from, generatedAs };
  };
  for (const file of loaded.files) {
    if (only !== undefined && !only.has(file.getFilePath())) continue;
    const found = inspect(file.getFilePath());
    if (found === undefined) continue;
    const { model, problems } = found;
    modules.push(model);
    chains += model.chains.length + model.opaque.length;
    diagnostics.push(...problems);
    if (found.occupied !== undefined && options.verifyOnly !== true) diagnostics.push(found.occupied);
    // A chain codegen cannot read is reported, and its module still generated: that chain is re-exported as it is.
    if (!found.generated || options.verifyOnly === true) continue;
    const reexports = model.reexports.flatMap((again) => reexport(again) ?? []);
    const output = generateModule(model, { inline: options.inline, reexports });
    if (output !== undefined) outputs.push(output);
  }
  return { diagnostics: sorted(diagnostics), outputs: outputs.sort((a, b) => a.path.localeCompare(b.path)), modules, chains };
}

/** {@link run} over each project (a solution's references), one result. */
export function runProjects(projects: readonly LoadedProject[], options: RunOptions, only?: ReadonlySet<string>): RunResult {
  const inspector = new Inspector(projects);
  const results = projects.map((loaded) => run(loaded, options, only, inspector));
  const outputs = results.flatMap((r) => r.outputs).sort((a, b) => a.path.localeCompare(b.path));
  const modules = results.flatMap((r) => r.modules);
  const left = options.verifyOnly === true ? { orphans: [], unparsed: [] } : leftOver(projects, outputs, modules, only);
  return {
    diagnostics: sorted([...results.flatMap((r) => r.diagnostics), ...left.unparsed]),
    outputs,
    modules,
    chains: results.reduce((n, r) => n + r.chains, 0),
    orphans: left.orphans,
  };
}

/**
 * The generated modules on disk (codegen's header mark on them) that no source stands for now: beside a listed
 * source this run read and found no chain in, or (a run over everything) listed by a tsconfig while their source
 * is gone (deleted, renamed). Over every project at once: a file two projects list is generated by the
 * first (project.ts), never orphaned by the second. A source that does not parse keeps its module (a half-typed
 * save must not lose it), and says so.
 */
function leftOver(projects: readonly LoadedProject[], outputs: readonly GeneratedModule[], modules: readonly ModuleModel[], only: ReadonlySet<string> | undefined): { orphans: string[]; unparsed: Diagnostic[] } {
  const written = new Set(outputs.map((o) => o.path));
  const read = new Set<string>(modules.map((m) => m.file.getFilePath()));
  const listed = new Set(projects.flatMap((loaded) => loaded.sources()));
  const beside = [...listed].filter((file) => (only === undefined || only.has(file)) && !read.has(file)).map(generatedPath);
  const stranded = only === undefined ? projects.flatMap((loaded) => loaded.generated()).filter((gen) => !fs.existsSync(sourcePathOf(gen))) : [];
  const orphans: string[] = [];
  const unparsed: Diagnostic[] = [];
  for (const gen of new Set([...beside, ...stranded])) {
    if (written.has(gen) || !isGeneratedFile(gen)) continue;
    const source = sourcePathOf(gen);
    const broken = syntaxError(source);
    if (broken === undefined) orphans.push(gen);
    else unparsed.push(inFile(source, 'syntax', `${path.basename(source)} does not parse (${broken.message}), so ${path.basename(gen)} is kept as it is until it does`, broken.line, broken.column));
  }
  return { orphans: orphans.sort(), unparsed };
}

/** The first syntax error of the module at `file` (line and column 1-based), or undefined when it parses (or is not there). */
function syntaxError(file: string): { message: string; line: number; column: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const first = ts.transpileModule(text, { fileName: file, reportDiagnostics: true }).diagnostics?.[0];
  if (first === undefined) return undefined;
  const before = text.slice(0, first.start ?? 0).split('\n');
  return { message: ts.flattenDiagnosticMessageText(first.messageText, ' '), line: before.length, column: before.at(-1)!.length + 1 };
}

/**
 * Why the generated module of the source `file` cannot be written: a file is where it would go and `shallot codegen`
 * did not write it (no header mark: written by hand, or another tool's), or a directory is there. For a `.tsx`
 * source, a `.gen.ts` beside it counts too: an import of `./app.gen.js` finds that one first. Such a file is never
 * overwritten (that would lose someone's code in silence), nor imported in place of the generated module.
 * `undefined` when the place is free or codegen's own.
 */
function occupiedBy(file: string): Diagnostic | undefined {
  const gen = generatedPath(file);
  const shadow = shadowOf(gen);
  const places = shadow === undefined ? [gen] : [gen, shadow];
  const name = path.basename(file);
  for (const place of places) {
    let text: string;
    try {
      if (!fs.statSync(place).isFile()) {
        return inFile(place, 'not-generated', `${path.basename(place)} is where the generated module of ${name} goes, but it is not a file, so the module is not generated: move it away, then run shallot codegen again`);
      }
      text = fs.readFileSync(place, 'utf8');
    } catch {
      continue;
    }
    if (isGeneratedText(text) || text.trim() === '') continue;
    const where = place === gen ? `is where the generated module of ${name} goes` : `is what an import of ./${path.basename(gen).replace(/\.tsx$/i, '.js')} finds before ${path.basename(gen)}, the generated module of ${name}`;
    return inFile(
      place,
      'not-generated',
      `${path.basename(place)} ${where}, but shallot codegen did not write it (the comments it opens with do not say '${GENERATED_MARK}'), so it is left as it is and the module is not generated: rename or delete it, then run shallot codegen again`,
    );
  }
  return undefined;
}

/** Whether `file` is on disk and was written by `shallot codegen` (its header's mark). */
function isGeneratedFile(file: string): boolean {
  try {
    return isGeneratedText(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

const EXPORTED = 'shallot reads exported chains: `export const app = chain()…use(…).handle(…)`';

/** Why the module `file` of `loaded`, which imports shallot, holds no chain shallot can read. */
function whyNot(loaded: LoadedProject, file: string): Diagnostic {
  const source = loaded.project.getSourceFile(file);
  const name = path.basename(file);
  if (source === undefined) return inFile(file, 'no-chains', `no chain found: ${name} imports shallot but never calls .handle(…), which ends a chain; ${EXPORTED}`);
  const unresolved = source.getImportDeclarations().find((d) => /^shallot(\/|$)/.test(d.getModuleSpecifierValue()) && d.getModuleSpecifierSourceFile() === undefined);
  if (unresolved !== undefined) {
    const resolution = resolutionName(loaded);
    return at(unresolved, 'no-chains', `no chain found: '${unresolved.getModuleSpecifierValue()}' does not resolve from ${name}, so shallot cannot tell its chains (is shallot installed where this project's module resolution${resolution} looks?)`);
  }
  const unexported = source.getDescendants().find((n) => {
    if (!Node.isCallExpression(n)) return false;
    const call = methodCall(n);
    return call?.name === 'handle' && isBuilderType(call.receiver);
  });
  if (unexported !== undefined) return at(unexported, 'no-chains', `no chain found: the chain ending here is not exported from ${name}; ${EXPORTED}`);
  return inFile(file, 'no-chains', `no chain found: ${name} imports shallot but calls .handle(…) on no chain builder; ${EXPORTED}`);
}

/** ` (bundler)`, ` (nodenext)`: the resolution a project's options ask for, for messages. */
function resolutionName(loaded: LoadedProject): string {
  const options = loaded.project.getCompilerOptions();
  const raw = options.moduleResolution;
  if (raw === undefined) return '';
  const names: Record<number, string> = { 1: 'node10', 2: 'node10', 3: 'node16', 99: 'nodenext', 100: 'bundler' };
  return names[raw] === undefined ? '' : ` (${names[raw]})`;
}

/**
 * For a run that found no chain at all: one diagnostic per file that imports
 * shallot saying why it holds none, or, when no file does, one at `tsconfig`
 * saying which files were read.
 */
export function whyNoChains(projects: readonly LoadedProject[], tsconfig: string): Diagnostic[] {
  const out = projects.flatMap((loaded) => loaded.importers.map((file) => whyNot(loaded, file)));
  if (out.length > 0) return sorted(out);
  const files = projects.reduce((n, p) => n + p.fileCount, 0);
  const read = projects.length === 1 && projects[0]!.configFile === path.resolve(tsconfig) ? `its ${files} file${files === 1 ? '' : 's'}` : `the ${files} file${files === 1 ? '' : 's'} of ${projects.map((p) => path.basename(p.configFile)).join(', ') || 'no project'}`;
  return [inFile(path.resolve(tsconfig), 'no-chains', `no chain found: none of ${read} imports shallot; pass the tsconfig that includes your chains with --project`)];
}
