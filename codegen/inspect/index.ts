/** Inspect: read the user's project and find its chains. */
export { loadProject, isGenerated, type LoadedProject } from './project.js';
export { findChains } from './find-chains.js';
