/**
 * The lookup index of the context: where the checks read a field's type.
 *
 * The context a handler sees is an intersection, `Base & A1 & A2 & …`, one member
 * per layer. Reading a field of it (`Ctx[K]`) costs TypeScript a walk over every
 * member (it instantiates the intersection to see whether it could reduce to
 * `never`) and, the first time, a merge of every property across every member:
 * O(n) instantiations and O(n²) work for each new intersection, so O(n³) per
 * chain if each `.use()` reads its needs from the context.
 *
 * So the checks read the index instead: `flat`, a snapshot of the context as one
 * flattened object type, plus `recent`, the intersection of at most {@link Chunk}
 * additions since the snapshot. A field is looked up in `recent` first, then in
 * `flat`: each costs a constant amount. Every {@link Chunk} steps (and after an
 * overwrite or a spliced sub-chain, where `recent` could disagree with the context)
 * a new snapshot is taken: O(n) once per chunk, so amortised O(n / Chunk) per step.
 *
 * HACK: a snapshot's fields read the context intersection itself (`Ctx[K]`), never
 * the previous snapshot. Reading the previous snapshot would be cheaper, but a
 * snapshot's fields are computed lazily, so a field no check read for a while would
 * resolve through every snapshot since: deep enough for TS2589 at a few hundred
 * layers. Read from the context, every field is one step from the layer that added it.
 */

/** Steps between snapshots. */
export type Chunk = 16;

/** The next age, for ages 0 … Chunk - 1 (the last one resets the index). */
type Older = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

/**
 * A snapshot: the context flattened into one object type.
 *
 * `& {}` drops the alias, so that a hover (and a consumer's declaration emit) shows
 * the snapshot's fields, not `Snapshot<…>` around the whole context intersection.
 */
export type Snapshot<Ctx> = { [K in keyof Ctx]: Ctx[K] } & {};

/**
 * The flattened part of the index after a step: a new snapshot of `Ctx` when the
 * index is rebuilt, else the old one. (Used here, where `Snapshot` is declared, so
 * that it is shown as its fields and not as `Snapshot<…>`: see `Started` in `state.ts`.)
 */
export type FlatAfter<Rebuild extends boolean, Ctx, Flat> = Rebuild extends true ? Snapshot<Ctx> : Flat;

/** `true` when the index must be rebuilt after this step. */
export type Reindex<Age extends number, Spliced extends boolean, Overlaps extends boolean> = Spliced extends true
  ? true
  : Overlaps extends true
    ? true
    : Older[Age] extends Chunk
      ? true
      : false;

/** The next age: 0 after a rebuild. */
export type NextAge<Age extends number, Rebuilt extends boolean> = Rebuilt extends true ? 0 : Older[Age];

/**
 * `true` when `Adds` has a field the context already has (read off the index,
 * so the context's keys are never collected into one union).
 *
 * HACK: the key intersections are the conditionals' check types as they are, in
 * no tuple and through no alias (`Extract<…>`): a tuple whose element is an alias
 * becomes a deferred type reference that keeps `Flat`, and instantiating it
 * permissively (as a conditional's check type) walks the snapshot's whole context.
 */
export type Overlaps<Flat, Recent, Adds> = keyof Adds & keyof Recent extends never
  ? keyof Adds & keyof Flat extends never
    ? false
    : true
  : true;

