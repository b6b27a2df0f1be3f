/** Generate: flat handlers from checked chains. */
export { generateModule, generatedPath, isGeneratedText, type GeneratedModule, type GenerateOptions, type Reexport } from './module.js';
