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
import { GENERATED_HEADER as HEADER, generatedPath } from './generate/module.js';
import { ToolError } from './tool-error.js';

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
    head = fs.readFileSync(generated, 'utf8').slice(0, HEADER.length);
  } catch {
    return undefined; // none
  }
  if (head !== HEADER) return undefined;
  fs.rmSync(generated, { force: true });
  return generated;
}

/** How long to wait for more changes before rebuilding. */
const SETTLE_MS = 40;

const isSource = (file: string): boolean => /\.(m|c)?tsx?$/.test(file) && !file.endsWith('.d.ts') && !isGenerated(file);

/**
 * Modules whose output depends on `changed`: those whose last run read it (the
 * resolver's record: a layer's module, a barrel it was re-exported through), and
 * those that reach it through imports or re-exports (its types can change their
 * checks).
 */
function affected(loaded: LoadedProject, inputs: ReadonlyMap<string, ReadonlySet<string>>, changed: string): Set<string> {
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
  for (const file of loaded.files) if (reaches(file, new Set())) out.add(file.getFilePath());
  return out;
}

/** Reads `file` again: a deleted file leaves the project, a file that now may hold a chain joins the candidates. */
function refresh(loaded: LoadedProject, file: string): void {
  const files = loaded.files as SourceFile[];
  const existing = loaded.project.getSourceFile(file);
  if (existing !== undefined) {
    existing.refreshFromFileSystemSync();
    if (existing.wasForgotten()) {
      const at = files.indexOf(existing);
      if (at !== -1) files.splice(at, 1);
      return;
    }
    if (!files.includes(existing) && mayHoldChain(existing.getFullText())) files.push(existing);
    return;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return; // gone again
  }
  if (mayHoldChain(text)) files.push(loaded.project.addSourceFileAtPath(file));
}

/** Starts watching; resolves once the watcher is ready (a change from then on is seen). */
export async function watchProject(loaded: LoadedProject, hooks: WatchHooks): Promise<{ close: () => Promise<void> }> {
  // Loaded on demand: only --watch needs chokidar (an optional peer dependency).
  const { watch: chokidar } = await import('chokidar').catch(() => {
    throw new ToolError('--watch needs the chokidar package: npm install --save-dev chokidar', 2);
  });
  const watcher = chokidar(loaded.root, {
    ignored: (file: string) => /(^|[/\\])(node_modules|\.git|dist)([/\\]|$)/.test(file) || (/\.(m|c)?tsx?$/.test(file) && isGenerated(file)),
    ignoreInitial: true,
  });
  let changed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    const files = [...changed];
    changed = new Set();
    // Before the refresh, for what imported a file that is gone; after, for new imports.
    const only = new Set<string>();
    const collect = (): void => {
      for (const file of files) for (const module of affected(loaded, hooks.inputs(), file)) only.add(module);
    };
    collect();
    for (const file of files) refresh(loaded, file);
    for (const file of files) {
      const removed = removeOrphan(file);
      if (removed !== undefined) hooks.removed(removed);
    }
    for (const module of only) if (loaded.project.getSourceFile(module) === undefined) only.delete(module);
    collect();
    if (only.size > 0) hooks.rebuild(only);
  };
  const onChange = (file: string): void => {
    if (!isSource(file)) return;
    changed.add(path.resolve(file));
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(flush, SETTLE_MS);
  };
  watcher.on('change', onChange).on('add', onChange).on('unlink', onChange);
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
