/**
 * Context growth: the request type the layers below see after a layer adds `Adds`.
 *
 * Later additions win, as at run time (`next(adds)` assigns onto the request).
 * The common case, new fields only, is a plain intersection: one step, no mapped
 * type over the whole context. Only a layer that overwrites a field pays for
 * flattening. `Ctx` never appears in the check type of a conditional: TypeScript
 * instantiates check types permissively and restrictively, which walks every
 * member of the context, O(n) per step (see `checks.ts`).
 */
export type Grow<Ctx, Adds extends object> = [keyof Adds] extends [never]
  ? Ctx
  : [keyof Adds & keyof Ctx] extends [never]
    ? Ctx & Adds
    : Overwrite<Ctx, Adds>;

/** `Ctx` with the fields of `Adds` replaced, flattened into one object type. */
export type Overwrite<Ctx, Adds> = {
  [K in keyof Ctx | keyof Adds]: K extends keyof Adds ? Adds[K] : K extends keyof Ctx ? Ctx[K] : never;
};

/** Flattens an intersection into one object type, for display. */
export type Flatten<T> = { [K in keyof T]: T[K] } & {};
