/** Generate: flat handlers from checked chains. */
export { GENERATED_MARK, generateModule, generatedPath, isGeneratedText, type GeneratedModule, type GenerateOptions, type Reexport } from './module.js';
