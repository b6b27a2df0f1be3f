import fs from 'node:fs';

/**
 * The generated module's path, the other way: `app.gen.ts` -> `app.ts` (generate/module.ts `generatedPath` goes
 * from source to generated). No dependency, so cli.ts and the plugin use it without loading ts-morph.
 */
export const sourcePathOf = (generated: string): string => generated.replace(/\.gen(\.(c|m)?tsx?)$/, '$1');

/**
 * The sources on disk a generated module's path stands for: its own source (`app.gen.ts` -> `app.ts`), and for a
 * `.gen.ts`, an `app.tsx` too, whose `./app.gen.js` import a file there would take. What to generate again when
 * such a file is deleted.
 */
export function sourcesOf(generated: string): string[] {
  const own = sourcePathOf(generated);
  const candidates = /\.gen\.ts$/.test(generated) ? [own, own.replace(/\.ts$/, '.tsx')] : [own];
  return candidates.filter((file) => fs.existsSync(file));
}
