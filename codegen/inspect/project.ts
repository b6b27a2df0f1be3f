/**
 * Loads the user's project from its tsconfig with ts-morph: one project per
 * tsconfig, and only the files that can hold a chain (those that mention
 * shallot and `.handle(`), plus what they import, so a large project loads fast.
 *
 * A solution-style tsconfig (`files: []` and `references`, Vite's default) is
 * followed as `tsc -b` follows it: each referenced project is loaded with its own
 * compiler options (references first, depth first, each once), and the solution
 * itself only when it lists files of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { ToolError } from '../tool-error.js';

/** A generated module: never a source of chains. */
export const isGenerated = (file: string): boolean => /\.gen\.(c|m)?tsx?$/.test(file);

/**
 * Whether a file's text could hold a chain: a cheap test before parsing. It needs a `.handle(` (or `.handle<…>(`),
 * not the word shallot: a chain module may import its base builder from another module of the project
 * (`export const app = base.handle(…)`), or shallot through a module that re-exports it.
 */
export const mayHoldChain = (text: string): boolean => /\.\s*handle\s*[(<]/.test(text);

/** Whether a file's text imports shallot (or one of its subpaths): what makes "no chain found" worth explaining. */
export const importsShallot = (text: string): boolean => /\b(from|import)\s*\(?\s*['"]shallot(\/[^'"]*)?['"]/.test(text);

export interface LoadedProject {
  readonly project: Project;
  /** The source files that may hold chains. */
  readonly files: readonly SourceFile[];
  /** The tsconfig's folder. */
  readonly root: string;
  /** The tsconfig itself. */
  readonly configFile: string;
  /** How many files the tsconfig lists (declarations and generated modules aside). */
  readonly fileCount: number;
  /** The files it lists that import shallot, chains or not (for saying why none was found). */
  readonly importers: readonly string[];
  /** Whether `file` is one of the tsconfig's files, as they are on disk now (for --watch: a file added later). */
  readonly lists: (file: string) => boolean;
  /** The tsconfig's source files as they are on disk now (declarations and generated modules aside). */
  readonly sources: () => string[];
  /** The generated modules (`*.gen.ts`) the tsconfig lists now, whoever wrote them. */
  readonly generated: () => string[];
}

/** Reads and parses one tsconfig; throws a {@link ToolError} naming it when it cannot. */
function parseConfig(configFile: string, referencedBy?: string): ts.ParsedCommandLine {
  if (!fs.existsSync(configFile)) {
    throw new ToolError(referencedBy === undefined ? `${configFile}: no such file (pass the project's tsconfig with --project)` : `${configFile}: no such file (referenced by ${referencedBy})`, 2);
  }
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) throw new ToolError(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`, 2);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile), undefined, configFile);
  // 18003: no inputs; a solution has none of its own, and a project without any is reported by the run.
  const fatal = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  if (fatal.length > 0) throw new ToolError(`${configFile}: ${ts.flattenDiagnosticMessageText(fatal[0]!.messageText, '\n')}`, 2);
  return parsed;
}

const isSourceName = (file: string): boolean => !file.endsWith('.d.ts') && !/\.d\.(c|m)ts$/.test(file) && !isGenerated(file) && /\.(c|m)?tsx?$/.test(file);

/** Loads the project of `tsconfigPath` alone (its references not followed); throws a {@link ToolError} naming the file when it cannot. */
export function loadProject(tsconfigPath: string, taken: Set<string> = new Set(), parsed?: ts.ParsedCommandLine): LoadedProject {
  const configFile = path.resolve(tsconfigPath);
  const config = parsed ?? parseConfig(configFile);
  const project = new Project({ tsConfigFilePath: configFile, skipAddingFilesFromTsConfig: true });
  const listed = config.fileNames.filter(isSourceName).map((file) => path.resolve(file));
  const texts = new Map<string, string>();
  for (const file of listed) {
    try {
      texts.set(file, fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ToolError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 2);
    }
  }
  // A tsconfig of `files` alone names its entry points; one with `include` names its folders, and a module it
  // imports from elsewhere (another package of the workspace, say) is that folder's to generate.
  const raw = (config.raw ?? {}) as { files?: unknown; include?: unknown };
  const sources = raw.files !== undefined && raw.include === undefined ? [...listed, ...importedOnly(texts, config.options)] : listed;
  // A file of two projects is read by the first that lists it (tsc -b checks it in each; codegen writes one output).
  const candidates = sources.filter((file) => !taken.has(file) && mayHoldChain(texts.get(file)!));
  for (const file of candidates) taken.add(file);
  const files = candidates.map((file) => project.addSourceFileAtPath(file));
  project.resolveSourceFileDependencies();
  const now = (): string[] => parseConfig(configFile).fileNames.filter(isSourceName).map((file) => path.resolve(file));
  const lists = (file: string): boolean => now().includes(file);
  const generated = (): string[] =>
    parseConfig(configFile)
      .fileNames.filter((file) => isGenerated(file) && !/\.d\.(c|m)?ts$/.test(file))
      .map((file) => path.resolve(file));
  return { project, files, root: path.dirname(configFile), configFile, fileCount: sources.length, importers: sources.filter((file) => importsShallot(texts.get(file)!)), lists, sources: now, generated };
}

/**
 * The project's own source files that `listed` import, directly or not, and the tsconfig does not list: with
 * `"files": ["src/server.ts"]`, tsc compiles every module the entry imports, and so must
 * codegen read their chains. Imports are read with the compiler's scanner (no parse) and resolved with the
 * project's options; files of packages (node_modules), declarations and generated modules are not followed.
 */
function importedOnly(texts: Map<string, string>, options: ts.CompilerOptions): string[] {
  const found: string[] = [];
  const read = new Map(texts);
  const cache = ts.createModuleResolutionCache(process.cwd(), (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()), options);
  const resolve = (spec: string, from: string): string | undefined => {
    const resolved = ts.resolveModuleName(spec, from, options, ts.sys, cache).resolvedModule;
    return resolved === undefined || resolved.isExternalLibraryImport === true ? undefined : path.resolve(resolved.resolvedFileName);
  };
  // With allowJs, tsc compiles the JavaScript modules the entry imports, and what they import: followed, not generated from.
  const followable = (file: string): boolean => isSourceName(file) || (options.allowJs === true && /\.(c|m)?jsx?$/.test(file));
  const queue = [...texts.keys()];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const ref of ts.preProcessFile(read.get(file)!, true, true).importedFiles) {
      if (ref.fileName.startsWith('node:')) continue;
      // An import of a generated module (`./routes/app.gen.js`, as the README serves an app) stands for its source,
      // whether the generated module is written yet or not.
      const generated = /\.gen(\.(c|m)?[jt]sx?)?$/.test(ref.fileName) ? resolve(ref.fileName.replace(/\.gen(?=(\.(c|m)?[jt]sx?)?$)/, ''), file) : undefined;
      const target = generated ?? resolve(ref.fileName, file);
      if (target === undefined || read.has(target) || !followable(target) || target.split(path.sep).includes('node_modules')) continue;
      let text: string;
      try {
        text = fs.readFileSync(target, 'utf8');
      } catch {
        continue;
      }
      read.set(target, text);
      if (isSourceName(target)) {
        texts.set(target, text);
        found.push(target);
      }
      queue.push(target);
    }
  }
  return found;
}

/**
 * Loads `tsconfigPath` and every project it references, as `tsc -b` builds them:
 * references first (depth first, each once, cycles cut), then the tsconfig itself
 * unless it is a solution (no files of its own, only references).
 */
export function loadProjects(tsconfigPath: string): LoadedProject[] {
  const out: LoadedProject[] = [];
  const seen = new Set<string>();
  const taken = new Set<string>();
  const visit = (configFile: string, referencedBy?: string): void => {
    if (seen.has(configFile)) return;
    seen.add(configFile);
    const parsed = parseConfig(configFile, referencedBy);
    for (const ref of parsed.projectReferences ?? []) visit(path.resolve(ts.resolveProjectReferencePath(ref)), configFile);
    const solution = (parsed.projectReferences?.length ?? 0) > 0 && parsed.fileNames.length === 0;
    if (!solution) out.push(loadProject(configFile, taken, parsed));
  };
  visit(path.resolve(tsconfigPath));
  return out;
}
