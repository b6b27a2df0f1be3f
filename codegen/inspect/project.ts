/**
 * Loads the user's project from its tsconfig with ts-morph: one project per run,
 * and only the files that can hold a chain (those that mention shallot and
 * `.handle(`), plus what they import, so a large project loads fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { ToolError } from '../tool-error.js';

/** A generated module: never a source of chains. */
export const isGenerated = (file: string): boolean => /\.gen\.(c|m)?tsx?$/.test(file);

/** Whether a file's text could hold a chain: a cheap test before parsing. */
export const mayHoldChain = (text: string): boolean => text.includes('shallot') && text.includes('.handle(');

export interface LoadedProject {
  readonly project: Project;
  /** The source files that may hold chains. */
  readonly files: readonly SourceFile[];
  /** The tsconfig's folder. */
  readonly root: string;
}

/** Loads the project of `tsconfigPath`; throws a {@link ToolError} naming the file when it cannot. */
export function loadProject(tsconfigPath: string): LoadedProject {
  const configFile = path.resolve(tsconfigPath);
  if (!fs.existsSync(configFile)) throw new ToolError(`${configFile}: no such file (pass the project's tsconfig with --project)`, 2);
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) throw new ToolError(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`, 2);
  const root = path.dirname(configFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configFile);
  const fatal = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  if (fatal.length > 0) throw new ToolError(`${configFile}: ${ts.flattenDiagnosticMessageText(fatal[0]!.messageText, '\n')}`, 2);

  const project = new Project({ tsConfigFilePath: configFile, skipAddingFilesFromTsConfig: true });
  const candidates = parsed.fileNames.filter((file) => !file.endsWith('.d.ts') && !isGenerated(file) && mayHoldChain(fs.readFileSync(file, 'utf8')));
  const files = candidates.map((file) => project.addSourceFileAtPath(file));
  project.resolveSourceFileDependencies();
  return { project, files, root };
}
