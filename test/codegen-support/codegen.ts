/** Codegen driven through its API, for the tests: load, run, write. */
import path from 'node:path';
import { loadProject, type LoadedProject } from '../../codegen/inspect/index.js';
import { run, type RunOptions, type RunResult } from '../../codegen/run.js';
import { writeModule } from '../../codegen/write.js';

export const fromProjectDir = (dir: string): LoadedProject => loadProject(path.join(dir, 'tsconfig.json'));

/** Runs codegen over a project and writes its outputs. */
export function generateAll(loaded: LoadedProject, options: RunOptions): RunResult {
  const result = run(loaded, options);
  for (const output of result.outputs) writeModule(output);
  return result;
}
