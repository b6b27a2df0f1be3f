/**
 * Context growth: the request type the layers below see after a layer adds `Adds`.
 *
 * Later additions win, as at run time (`next(adds)` assigns onto the request).
 * The common case, new fields only, is a plain intersection: one step, no mapped
 * type over the whole context. Only a layer that overwrites a field pays for
 * flattening. Whether they overlap is read off the lookup index (`Overlaps` in
 * `lookup.ts`), so the context's keys are never collected here. `Ctx` never appears
 * in the check type of a conditional: TypeScript instantiates check types
 * permissively and restrictively, which walks every member of the context, O(n)
 * per step.
 */
export type Grow<Ctx, Adds, Overlaps extends boolean> = Overlaps extends true ? Overwrite<Ctx, Adds> : Ctx & Adds; // `Ctx & {}` is `Ctx`

/**
 * `Ctx` with the fields of `Adds` replaced, flattened into one object type.
 *
 * `& {}` drops the alias: the context is then shown, and written into a consumer's
 * declaration files, as its fields, never as `Overwrite<…>` (which a consumer
 * could not name: TS2742, TS2883).
 */
export type Overwrite<Ctx, Adds> = {
  [K in keyof Ctx | keyof Adds]: K extends keyof Adds ? Adds[K] : K extends keyof Ctx ? Ctx[K] : never;
} & {};

