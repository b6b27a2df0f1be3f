import type { Grow } from './context.js';
import type { NextAge, Overlaps, Reindex, Snapshot } from './lookup.js';
import type { IsPassed, Unpassed } from './passed.js';
import type { Narrower, Unset } from './response.js';
import type { ChainState } from './state.js';
import type { Step } from './step.js';

/**
 * The chain state after a checked step.
 *
 * HACK: the result goes through the alias `Settle`, never `Settled<…>` written
 * here directly. Written here, with alias-typed arguments inside an alias,
 * `Settled<…>` would become what TypeScript calls a deferred type reference: its
 * arguments resolve late, each state keeps a mapper pointing at the state before
 * it, and instantiating one state (TypeScript instantiates check types
 * permissively during inference) walks the whole history: TS2589 from about 100
 * layers. Through an alias the arguments are instantiated eagerly, so each state
 * holds finished types and costs O(1) to instantiate.
 *
 * The context is never put in the check type of a conditional here, nor indexed,
 * because that walks all of its members at every step; the checks read the lookup
 * index instead (`flat`, `recent`, `age`; see `lookup.ts`).
 */
export type After<T extends ChainState, S extends Step> = Grown<T, S, Overlaps<T['flat'], T['recent'], S['adds']>>;

/** The step's context and index, given whether its additions overwrite a field. */
type Grown<T extends ChainState, S extends Step, Overwrites extends boolean> = Regrow<
  T,
  S,
  S['spliced'] extends true ? T['ctx'] & S['adds'] : Grow<T['ctx'], S['adds'], Overwrites>,
  Reindex<T['age'], S['spliced'], Overwrites>
>;

/** The state after the step, given the grown context and whether to rebuild the index. */
type Regrow<T extends ChainState, S extends Step, Ctx, Rebuild extends boolean> = Settle<
  T['base'],
  Ctx,
  Rebuild extends true ? Snapshot<Ctx> : T['flat'],
  Rebuild extends true ? {} : [keyof S['adds']] extends [never] ? T['recent'] : T['recent'] & S['adds'],
  NextAge<T['age'], Rebuild>,
  IsPassed<S['out']> extends true ? Narrower<T['expect'], S['inner']> : S['inner'],
  IsPassed<S['out']> extends true ? ([T['expect']] extends [S['inner']] ? T['expectFrom'] : S['innerFrom']) : S['innerFrom'],
  [T['out']] extends [Unset] ? (IsPassed<S['out']> extends true ? Unset : Unpassed<S['out']>) : T['out'],
  S['async'] extends true ? true : T['async'],
  S['sync'] extends string ? S['sync'] : T['sync'],
  T['first'] extends '' ? S['label'] : T['first']
>;

type Settle<
  Base extends object,
  Ctx,
  Flat,
  Recent,
  Age extends number,
  Expect,
  ExpectFrom extends string,
  Out,
  Async extends boolean,
  Sync extends string | false,
  First extends string,
> = Settled<Base, Ctx, Flat, Recent, Age, Expect, ExpectFrom, Out, Async, Sync, First> & {}; // `& {}`: the whole body of an alias would be deferred too

/** A state as a record of finished fields. */
export interface Settled<
  Base extends object,
  Ctx,
  Flat,
  Recent,
  Age extends number,
  Expect,
  ExpectFrom extends string,
  Out,
  Async extends boolean,
  Sync extends string | false,
  First extends string,
> extends ChainState {
  readonly base: Base;
  readonly ctx: Ctx;
  readonly flat: Flat;
  readonly recent: Recent;
  readonly age: Age;
  readonly expect: Expect;
  readonly expectFrom: ExpectFrom;
  readonly out: Out;
  readonly async: Async;
  readonly sync: Sync;
  readonly first: First;
}
