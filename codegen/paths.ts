import fs from 'node:fs';

/**
 * The generated module's path, the other way: `app.gen.ts` -> `app.ts` (generate/module.ts `generatedPath` goes
 * from source to generated). No dependency, so cli.ts and the plugin use it without loading ts-morph.
 */
export const sourcePathOf = (generated: string): string => generated.replace(/\.gen(\.(c|m)?tsx?)$/, '$1');

/**
 * The `.gen.ts` beside a `.gen.tsx` (`app.gen.tsx` -> `app.gen.ts`): what an import of `./app.gen.js` finds first,
 * so a file there stands in for the generated module of `app.tsx`. `undefined` for any other generated path.
 */
export const shadowOf = (generated: string): string | undefined => (/\.gen\.tsx$/.test(generated) ? generated.replace(/\.tsx$/, '.ts') : undefined);

/**
 * The sources on disk a generated module's path stands for: its own source (`app.gen.ts` -> `app.ts`), and the
 * source whose generated module it shadows ({@link shadowOf}: `app.gen.ts` -> `app.tsx`). What to generate again
 * when such a file is deleted.
 */
export function sourcesOf(generated: string): string[] {
  const own = sourcePathOf(generated);
  const shadowed = sourcePathOf(`${generated}x`);
  const candidates = shadowOf(`${generated}x`) === generated ? [own, shadowed] : [own];
  return candidates.filter((file) => fs.existsSync(file));
}
