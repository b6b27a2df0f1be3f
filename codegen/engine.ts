/**
 * Everything the `shallot` command runs that needs ts-morph, in one module that
 * cli.ts imports on demand: without ts-morph installed, `--help` and `--version`
 * still work, and a command says what to install instead of a stack trace.
 */
export { loadProjects, type LoadedProject } from './inspect/project.js';
export { runProjects, whyNoChains, type RunResult } from './run.js';
export { removeOrphan, staleness, writeModule } from './write.js';
export { applyChanges, watchProject } from './watch.js';
