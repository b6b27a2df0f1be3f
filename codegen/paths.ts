/**
 * The generated module's path, the other way: `app.gen.ts` -> `app.ts` (generate/module.ts `generatedPath` goes
 * from source to generated). No dependency, so cli.ts and the plugin use it without loading ts-morph.
 */
export const sourcePathOf = (generated: string): string => generated.replace(/\.gen(\.(c|m)?tsx?)$/, '$1');
