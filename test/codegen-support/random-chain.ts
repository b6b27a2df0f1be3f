/**
 * Random chains for the differential tests: a fast-check arbitrary of chain
 * specs, and the TypeScript source of a module exporting them. Every layer
 * logs what it does into `req.log`, so two runs can be compared effect by
 * effect; `req.n` picks which branch each layer takes.
 */
import fc from 'fast-check';

export type AsyncKind = 'pass' | 'await' | 'add' | 'short' | 'throwBefore' | 'throwAfter' | 'catch' | 'map' | 'header' | 'opaque' | 'inlineLiteral' | 'through' | 'gate';
export type SyncKind = 'syncPass' | 'syncAdd' | 'syncShort' | 'syncThrow' | 'syncCatch' | 'syncHeader' | 'syncThrough' | 'syncGate';

export interface ChainSpec {
  readonly asyncLayers: readonly AsyncKind[];
  readonly syncLayers: readonly SyncKind[];
  readonly handler: 'sync' | 'async' | 'syncThrows' | 'asyncThrows';
  /** The modulus each branching layer tests `req.n` against. */
  readonly mods: readonly number[];
}

const asyncKinds: AsyncKind[] = ['pass', 'await', 'add', 'short', 'throwBefore', 'throwAfter', 'catch', 'map', 'header', 'opaque', 'inlineLiteral', 'through', 'gate'];
const syncKinds: SyncKind[] = ['syncPass', 'syncAdd', 'syncShort', 'syncThrow', 'syncCatch', 'syncHeader', 'syncThrough', 'syncGate'];

export const chainSpec: fc.Arbitrary<ChainSpec> = fc.record({
  asyncLayers: fc.array(fc.constantFrom(...asyncKinds), { maxLength: 6 }),
  syncLayers: fc.array(fc.constantFrom(...syncKinds), { maxLength: 3 }),
  handler: fc.constantFrom('sync' as const, 'async' as const, 'syncThrows' as const, 'asyncThrows' as const),
  mods: fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 9, maxLength: 9 }),
});

/** One layer's definition (a module-level const named `id`), and how `.use()` refers to it. */
function layer(kind: AsyncKind | SyncKind, id: string, mod: number): { decl: string; use: string; adds?: string } {
  const L = (body: string, needs = '{ n: number; log: string[] }', next = 'Next'): string =>
    `middleware('${id}', async (req: ${needs}, next: ${next}) => {\n${body}\n})`;
  const S = (body: string, next = 'NextSync'): string => `middleware.sync('${id}', (req: { n: number; log: string[] }, next: ${next}) => {\n${body}\n})`;
  const before = `req.log.push('${id} before');`;
  const after = `req.log.push('${id} after ' + res.status);`;
  switch (kind) {
    case 'pass':
      return { decl: L(`${before}\nreturn next();`), use: id };
    case 'await':
      return { decl: L(`${before}\nconst res = await next();\n${after}\nreturn res;`), use: id };
    case 'add':
      return { decl: L(`${before}\nreturn next({ ${id}: req.n * ${mod} });`, undefined, `Next<{ ${id}: number }>`), use: id, adds: id };
    case 'short':
      return { decl: L(`${before}\nif (req.n % ${mod} === 0) return new Response('short ${id}', { status: 203 });\nconst res = await next();\n${after}\nreturn res;`), use: id };
    case 'throwBefore':
      return { decl: L(`${before}\nif (req.n % ${mod} === 1) throw new Error('${id} threw before');\nreturn await next();`), use: id };
    case 'throwAfter':
      return { decl: L(`const res = await next();\n${after}\nif (req.n % ${mod} === 2) throw new Error('${id} threw after');\nreturn res;`), use: id };
    case 'catch':
      return {
        decl: L(`${before}\ntry {\n  const res = await next();\n  ${after}\n  return res;\n} catch (error) {\n  req.log.push('${id} caught ' + (error as Error).message);\n  return new Response('caught by ${id}', { status: 500 });\n} finally {\n  req.log.push('${id} finally');\n}`),
        use: id,
      };
    case 'map':
      return { decl: L(`const res = await next();\nconst text = await res.text();\n${after}\nreturn new Response(text + ' <${id}', { status: res.status, headers: res.headers });`), use: id };
    case 'header':
      return { decl: L(`const { status, headers } = await next();\nreq.log.push('${id} saw ' + status);\nheaders.set('x-${id}', String(req.n));\nreturn new Response('header ${id} ' + status, { status, headers });`), use: id };
    case 'through': // hands up next()'s response and nothing else (generated as nothing)
      return { decl: L(`const res = await next();\nreturn res;`), use: id };
    case 'gate': // \`if (…) return next();\` without braces
      return { decl: L(`${before}\nif (req.n % ${mod} !== 0) return next();\nreturn new Response('gated by ${id}', { status: 403 });`), use: id };
    case 'opaque':
      return { decl: `tagged('${id}', ${mod})`, use: id };
    case 'inlineLiteral':
      return { decl: '', use: L(`${before}\nconst res = await next();\n${after}\nreturn res;`) };
    case 'syncPass':
      return { decl: S(`${before}\nreturn next();`), use: id };
    case 'syncAdd':
      return { decl: S(`${before}\nreturn next({ ${id}: req.n + ${mod} });`, `NextSync<{ ${id}: number }>`), use: id, adds: id };
    case 'syncShort':
      return { decl: S(`${before}\nif (req.n % ${mod} === 0) return new Response('sync short ${id}', { status: 202 });\nconst res = next();\n${after}\nreturn res;`), use: id };
    case 'syncThrow':
      return { decl: S(`${before}\nif (req.n % ${mod} === 1) throw new Error('${id} threw');\nreturn next();`), use: id };
    case 'syncCatch':
      return { decl: S(`${before}\ntry {\n  return next();\n} catch (error) {\n  req.log.push('${id} caught ' + (error as Error).message);\n  return new Response('sync caught by ${id}', { status: 500 });\n}`), use: id };
    case 'syncThrough':
      return { decl: S(`const res = next();\nreturn res;`), use: id };
    case 'syncGate':
      return { decl: S(`${before}\nif (req.n % ${mod} !== 0) return next();\nreturn new Response('sync gated by ${id}', { status: 403 });`), use: id };
    case 'syncHeader':
      return { decl: S(`const res = next();\n${after}\nres.headers.set('x-${id}', 'sync');\nreturn res;`), use: id };
  }
}

/** The module text exporting `c0`, `c1`, … for `specs`. */
export function moduleSource(specs: readonly ChainSpec[]): string {
  const lines = [
    "import { chain, middleware, type Next, type NextSync } from 'shallot';",
    '',
    '/** A factory: its layer closes over its arguments, so codegen calls it rather than inlining it. */',
    'const tagged = (id: string, mod: number) =>',
    '  middleware(id, async (req: { n: number; log: string[] }, next: Next) => {',
    "    req.log.push(id + ' opaque before');",
    "    if (req.n % mod === 3) return new Response('opaque ' + id, { status: 206 });",
    '    const res = await next();',
    "    req.log.push(id + ' opaque after ' + res.status);",
    '    return res;',
    '  });',
    '',
  ];
  specs.forEach((spec, c) => {
    const kinds = spec.handler === 'async' || spec.handler === 'asyncThrows' ? [...spec.asyncLayers] : [...spec.asyncLayers, ...spec.syncLayers];
    const uses: string[] = [];
    const adds: string[] = [];
    kinds.forEach((kind, i) => {
      const id = `c${c}l${i}`;
      const made = layer(kind, id, spec.mods[i % spec.mods.length]!);
      if (made.decl !== '') lines.push(`const ${id} = ${made.decl};`);
      uses.push(made.use);
      if (made.adds !== undefined) adds.push(made.adds);
    });
    const mod = spec.mods[8]!;
    const body = `'handled ' + req.n${adds.map((a) => ` + ' ${a}=' + req.${a}`).join('')}`;
    const handler =
      spec.handler === 'sync'
        ? `(req) => {\n  req.log.push('handler');\n  return new Response(${body});\n}`
        : spec.handler === 'async'
          ? `async (req) => {\n  req.log.push('handler');\n  await Promise.resolve();\n  return new Response(${body}, { status: req.n % ${mod} === 0 ? 404 : 200 });\n}`
          : spec.handler === 'syncThrows'
            ? `(req) => {\n  req.log.push('handler');\n  if (req.n % ${mod} === 3) throw new Error('handler threw');\n  return new Response(${body});\n}`
            : `async (req) => {\n  req.log.push('handler');\n  if (req.n % ${mod} === 3) throw new Error('async handler threw');\n  return new Response(${body});\n}`;
    lines.push(`export const c${c} = chain<{ n: number; log: string[] }>()${uses.map((u) => `\n  .use(${u})`).join('')}\n  .handle(${handler});`, '');
  });
  return lines.join('\n');
}
