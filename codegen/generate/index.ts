/** Generate: flat handlers from checked chains. */
export { generateModule, generatedPath, type GeneratedModule, type GenerateOptions } from './module.js';
