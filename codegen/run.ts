/**
 * One run over a loaded project: inspect every candidate module, verify its
 * chains, and generate a module for each one that verified clean. Nothing is
 * written here (see write.ts): analysis first, then output.
 */
import { sorted, type Diagnostic } from './diagnostics.js';
import { generateModule, type GeneratedModule } from './generate/index.js';
import { findChains } from './inspect/index.js';
import type { LoadedProject } from './inspect/project.js';
import type { ModuleModel } from './model.js';
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
}

export function run(loaded: LoadedProject, options: RunOptions, only?: ReadonlySet<string>): RunResult {
  const diagnostics: Diagnostic[] = [];
  const outputs: GeneratedModule[] = [];
  const modules: ModuleModel[] = [];
  let chains = 0;
  for (const file of loaded.files) {
    if (only !== undefined && !only.has(file.getFilePath())) continue;
    const model = findChains(file);
    if (model.chains.length === 0 && model.opaque.length === 0) continue;
    modules.push(model);
    chains += model.chains.length + model.opaque.length;
    const problems = verifyModule(model);
    diagnostics.push(...problems);
    // A chain codegen cannot read is reported, and its module still generated: that chain is re-exported as it is.
    if (problems.some((d) => d.code !== 'opaque-chain') || options.verifyOnly === true) continue;
    const output = generateModule(model, { inline: options.inline });
    if (output !== undefined) outputs.push(output);
  }
  return { diagnostics: sorted(diagnostics), outputs: outputs.sort((a, b) => a.path.localeCompare(b.path)), modules, chains };
}
