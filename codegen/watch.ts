/**
 * `--watch`: regenerate when a source changes. The project stays loaded, so a
 * rebuild re-checks only what changed (TypeScript reuses the rest of the
 * program) and regenerates only the modules that the changed file feeds.
 */
import path from 'node:path';
import type { SourceFile } from 'ts-morph';
import { isGenerated, type LoadedProject } from './inspect/project.js';
import type { RunResult } from './run.js';
import { ToolError } from './tool-error.js';

export interface WatchHooks {
  /** Runs over the modules in `only` (all when undefined) and reports. */
  readonly rebuild: (only: ReadonlySet<string> | undefined) => RunResult;
}

/** Modules whose output depends on `changed`: itself, and those importing it (directly or not). */
function affected(loaded: LoadedProject, changed: string): Set<string> {
  const out = new Set<string>();
  const importsChanged = (file: SourceFile, seen: Set<SourceFile>): boolean => {
    if (file.getFilePath() === changed) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    return file.getImportDeclarations().some((d) => {
      const target = d.getModuleSpecifierSourceFile();
      return target !== undefined && importsChanged(target, seen);
    });
  };
  for (const file of loaded.files) if (importsChanged(file, new Set())) out.add(file.getFilePath());
  return out;
}

export async function watchProject(loaded: LoadedProject, hooks: WatchHooks): Promise<{ close: () => Promise<void> }> {
  // Loaded on demand: only --watch needs chokidar (an optional peer dependency).
  const { watch: chokidar } = await import('chokidar').catch(() => {
    throw new ToolError('--watch needs the chokidar package: npm install --save-dev chokidar', 2);
  });
  const watcher = chokidar(loaded.root, {
    ignored: (file: string) => /(^|[/\\])(node_modules|\.git|dist)([/\\]|$)/.test(file) || (/\.(m|c)?tsx?$/.test(file) && isGenerated(file)),
    ignoreInitial: true,
  });
  const onChange = (file: string): void => {
    if (!/\.(m|c)?tsx?$/.test(file) || isGenerated(file)) return;
    const absolute = path.resolve(file);
    const existing = loaded.project.getSourceFile(absolute);
    if (existing !== undefined) existing.refreshFromFileSystemSync();
    else if (!(loaded.files as SourceFile[]).some((f) => f.getFilePath() === absolute)) {
      const added = loaded.project.addSourceFileAtPathIfExists(absolute);
      if (added !== undefined && added.getFullText().includes('.handle(')) (loaded.files as SourceFile[]).push(added);
    }
    hooks.rebuild(affected(loaded, absolute));
  };
  watcher.on('change', onChange).on('add', onChange);
  return { close: () => watcher.close() };
}
