/** Codegen driven through its API, for the tests: load, run, write. */
import path from 'node:path';
import { loadProject, type LoadedProject } from '../../codegen/inspect/index.js';
import { runProjects, type RunOptions, type RunResult } from '../../codegen/run.js';
import { removeOrphan, writeModule } from '../../codegen/write.js';

export const fromProjectDir = (dir: string): LoadedProject => loadProject(path.join(dir, 'tsconfig.json'));

/** Runs codegen over a project and writes its outputs. */
export function generateAll(loaded: LoadedProject, options: RunOptions): RunResult {
  const result = runProjects([loaded], options);
  for (const output of result.outputs) writeModule(output);
  for (const orphan of result.orphans) removeOrphan(orphan);
  return result;
}
