/**
 * Recognising shallot's values. By value first: `chain(…)`, `middleware(…)` and
 * `middleware.sync(…)` calls whose callee resolves to shallot's own
 * declarations (renamed imports and re-exports included). By type only where no
 * value can be read (a factory's result): the brands shallot's types carry.
 */
import { Node, type Type } from 'ts-morph';
import { shallotPath } from '../analysis/package.js';

const hasBrand = (type: Type, brand: string): boolean =>
  type.getProperties().some((p) => p.getName().startsWith(`__@${brand}@`));

/** Typed as a chain builder (`chain()…use(…)`, not yet closed by `.handle`). */
export const isBuilderType = (node: Node): boolean => hasBrand(node.getType(), 'chainState');

/** Typed as a layer made by `middleware(…)` or `middleware.sync(…)`. */
export const isLayerType = (node: Node): boolean => hasBrand(node.getType(), 'layerTypes');

/** Typed as an app: what `.handle(…)` returns. */
export const isAppType = (node: Node): boolean => hasBrand(node.getType(), 'appTypes');

/** Whether a layer value's type says sync (`true`), async (`false`), or cannot tell. */
export function layerSyncType(node: Node): boolean | undefined {
  const sync = node.getType().getProperty('sync');
  if (sync === undefined) return undefined;
  const text = sync.getTypeAtLocation(node).getText();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** The layer's name as its type knows it (a string literal type), if it does. */
export function layerNameType(node: Node): string | undefined {
  const name = node.getType().getProperty('name');
  const type = name?.getTypeAtLocation(node);
  return type?.isStringLiteral() ? (type.getLiteralValue() as string) : undefined;
}

/**
 * Whether `declaration` is shallot's own `module` (`chain`, `middleware`): declared
 * in the package's build (`shallot/dist/src/<module>.d.ts`) or, inside this
 * repository, in its sources. A project's own `src/middleware.ts` (a wrapper
 * of shallot's, say) is not: the file must belong to the package `shallot`.
 */
export function isShallotDeclaration(declaration: Node | undefined, module: 'chain' | 'middleware'): boolean {
  if (declaration === undefined || Node.isParameterDeclaration(declaration)) return false;
  const inside = shallotPath(declaration.getSourceFile());
  return inside === `dist/src/${module}.d.ts` || inside === `src/${module}.ts`;
}

/** The factories of `shallot/http` whose layers are made of parts (src/parts.ts), by their module's file name. */
const PARTS_FACTORIES: Readonly<Record<string, string>> = { logger: 'logger', timing: 'timing', requestId: 'request-id', setHeader: 'set-header', errorBoundary: 'error-boundary' };

/**
 * Whether `declaration` is one of shallot's own factories of layers made of
 * parts (logger, timing, requestId, setHeader of `shallot/http`): a function
 * of that name declared in its module of the package `shallot` (its build or,
 * inside this repository, its sources). A project's own `src/http/logger.ts`
 * is not.
 */
export function isPartsFactory(declaration: Node | undefined): boolean {
  if (declaration === undefined || !Node.isFunctionDeclaration(declaration)) return false;
  const name = declaration.getName();
  const module = name === undefined || !Object.hasOwn(PARTS_FACTORIES, name) ? undefined : PARTS_FACTORIES[name];
  if (module === undefined) return false;
  const inside = shallotPath(declaration.getSourceFile());
  return inside === `dist/src/http/${module}.d.ts` || inside === `src/http/${module}.ts`;
}
