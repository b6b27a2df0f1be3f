/**
 * `--watch`: regenerate when a source changes. The project stays loaded, so a
 * rebuild re-checks only what changed (TypeScript reuses the rest of the
 * program) and regenerates only the modules that the changed files feed.
 * Changes that arrive together (an editor saving several files, a write seen
 * as two events) are rebuilt once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SourceFile } from 'ts-morph';
import { isGenerated, mayHoldChain, type LoadedProject } from './inspect/project.js';
import { generatedPath, isGeneratedText } from './generate/module.js';
import { ToolError } from './tool-error.js';
import { sourcesOf } from './paths.js';

export interface WatchHooks {
  /** Runs over the modules in `only` (all when undefined) and reports. */
  readonly rebuild: (only: ReadonlySet<string> | undefined) => void;
  /** Per module with chains, every file its last run read (inspect's record): what a change there can change. */
  readonly inputs: () => ReadonlyMap<string, ReadonlySet<string>>;
  /** Told of a generated module deleted because its source was. */
  readonly removed: (generated: string) => void;
}

/**
 * Deletes the generated module of `source`, a source that is gone, if codegen
 * wrote it (its first line says so): it would import a module that no longer
 * exists. Returns its path when it deleted it.
 */
function removeOrphan(source: string): string | undefined {
  if (fs.existsSync(source)) return undefined;
  const generated = generatedPath(source);
  let head: string;
  try {
    head = fs.readFileSync(generated, 'utf8');
  } catch {
    return undefined; // none
  }
  if (!isGeneratedText(head)) return undefined;
  fs.rmSync(generated, { force: true });
  return generated;
}

/** How long to wait for more changes before rebuilding. */
const SETTLE_MS = 40;

/** A TypeScript source codegen may read (not a declaration file, not a generated module). */
export const isSource = (file: string): boolean => /\.(m|c)?tsx?$/.test(file) && !/\.d\.(m|c)?ts$/.test(file) && !isGenerated(file);

/**
 * Modules whose output depends on `changed`: those whose last run read it (the
 * resolver's record: a layer's module, a barrel it was re-exported through), and
 * those that reach it through imports or re-exports (its types can change their
 * checks).
 */
function affected(projects: readonly LoadedProject[], inputs: ReadonlyMap<string, ReadonlySet<string>>, changed: string): Set<string> {
  const out = new Set<string>();
  for (const [module, read] of inputs) if (read.has(changed)) out.add(module);
  const reaches = (file: SourceFile, seen: Set<SourceFile>): boolean => {
    if (file.getFilePath() === changed) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    return [...file.getImportDeclarations(), ...file.getExportDeclarations()].some((d) => {
      const target = d.getModuleSpecifierSourceFile();
      return target !== undefined && reaches(target, seen);
    });
  };
  for (const loaded of projects) for (const file of loaded.files) if (reaches(file, new Set())) out.add(file.getFilePath());
  return out;
}

/** Reads `file` again in each project that has it: a deleted file leaves it, a file that now may hold a chain joins the candidates of the first project that lists it. */
function refresh(projects: readonly LoadedProject[], file: string): void {
  let known = false;
  for (const loaded of projects) {
    const files = loaded.files as SourceFile[];
    const existing = loaded.project.getSourceFile(file);
    if (existing === undefined) continue;
    known = true;
    existing.refreshFromFileSystemSync();
    if (existing.wasForgotten()) {
      const at = files.indexOf(existing);
      if (at !== -1) files.splice(at, 1);
      continue;
    }
    const candidate = projects.some((p) => p.files.includes(existing) || p.files.some((f) => f.getFilePath() === file));
    if (!candidate && mayHoldChain(existing.getFullText()) && loaded.lists(file)) files.push(existing);
  }
  if (known) return;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return; // gone again
  }
  if (!mayHoldChain(text)) return;
  const owner = projects.find((loaded) => loaded.lists(file));
  if (owner !== undefined) (owner.files as SourceFile[]).push(owner.project.addSourceFileAtPath(file));
}

/**
 * What a set of changed files (edited, added or deleted) means for codegen: each
 * project reads them again, a generated module whose source is gone is deleted,
 * and `only` names the modules to run again (before the refresh, what imported a
 * file that is gone; after it, what imports it now).
 */
export function applyChanges(projects: readonly LoadedProject[], inputs: ReadonlyMap<string, ReadonlySet<string>>, files: readonly string[]): { only: Set<string>; removed: string[] } {
  const only = new Set<string>();
  const collect = (): void => {
    for (const file of files) for (const module of affected(projects, inputs, file)) only.add(module);
  };
  collect();
  for (const file of files) refresh(projects, file);
  const removed: string[] = [];
  for (const file of files) {
    const gone = removeOrphan(file);
    if (gone !== undefined) removed.push(gone);
  }
  for (const module of only) if (!projects.some((loaded) => loaded.project.getSourceFile(module) !== undefined)) only.delete(module);
  collect();
  return { only, removed };
}

/** The folder that holds every project's tsconfig: what to watch. */
const commonRoot = (projects: readonly LoadedProject[]): string =>
  projects.map((p) => p.root).reduce((a, b) => {
    let dir = a;
    while (path.relative(dir, b).startsWith('..')) dir = path.dirname(dir);
    return dir;
  });

/** Starts watching; resolves once the watcher is ready (a change from then on is seen). */
export async function watchProject(loaded: LoadedProject | readonly LoadedProject[], hooks: WatchHooks): Promise<{ close: () => Promise<void> }> {
  const projects: readonly LoadedProject[] = Array.isArray(loaded) ? loaded : [loaded as LoadedProject];
  // Loaded on demand: only --watch needs chokidar (an optional peer dependency).
  const { watch: chokidar } = await import('chokidar').catch(() => {
    throw new ToolError('--watch needs the chokidar package: npm i -D chokidar', 2);
  });
  const watcher = chokidar(commonRoot(projects), {
    ignored: (file: string) => /(^|[/\\])(node_modules|\.git|dist)([/\\]|$)/.test(file),
    ignoreInitial: true,
  });
  let changed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    const files = [...changed];
    changed = new Set();
    const { only, removed } = applyChanges(projects, hooks.inputs(), files);
    for (const file of removed) hooks.removed(file);
    if (only.size > 0) hooks.rebuild(only);
  };
  const onChange = (file: string): void => {
    if (!isSource(file)) return;
    changed.add(path.resolve(file));
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(flush, SETTLE_MS);
  };
  // A generated module deleted by someone else (its source still there, and a chain in it): made again, as its
  // source changed; else a module exporting its chains would import a file that is gone. Its writes and edits
  // are no change of a source (they are codegen's own, or a hand edit --check reports).
  const onUnlink = (file: string): void => {
    if (isSource(file)) return onChange(file);
    if (!isGenerated(file)) return;
    for (const source of sourcesOf(path.resolve(file))) onChange(source);
  };
  watcher.on('change', onChange).on('add', onChange).on('unlink', onUnlink);
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve).once('error', reject);
  });
  return {
    close: async () => {
      if (timer !== undefined) clearTimeout(timer);
      await watcher.close();
    },
  };
}
