import type { Grow } from './context.js';
import type { FlatAfter, NextAge, Overlaps, Reindex } from './lookup.js';
import type { IsPassed, Unpassed } from './passed.js';
import type { HandlerResponse, IsHandlerResponse, Narrower } from './response.js';
import type { ChainState } from './state.js';
import type { InSubChain, Step } from './step.js';

/**
 * The chain state after a step, checked or not: after a rejected step the chain
 * goes on as if the step were right (one mistake, one error). An async layer below
 * a sync one counts as if the sync one were async, so the layers and the handler
 * below are not blamed for it too; a step that is no step (an app, a plain value)
 * leaves the state as it was.
 *
 * HACK: `& {}` ends every alias here whose whole body is another alias. An alias
 * whose body is a reference to another alias names the result after itself, and
 * the state would show, and keep, `Grown<Grown<…>, …>` around every step before
 * it; `X & {}` is `X` itself, with no alias of its own.
 *
 * HACK: the result goes through the alias `Settle`, never an object type written
 * here directly. Written here, with alias-typed arguments inside an alias, the
 * state would become what TypeScript calls a deferred type reference: its
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
export type After<T extends ChainState, S extends Step> = S['label'] extends 'this argument'
  ? T
  : Grown<T, S, Overlaps<T['lookup']['flat'], T['lookup']['recent'], S['adds']>>;

/** The step's context and index, given whether its additions overwrite a field. */
type Grown<T extends ChainState, S extends Step, Overwrites extends boolean> = Regrow<
  T,
  S,
  S['spliced'] extends true ? T['ctx'] & S['adds'] : Grow<T['ctx'], S['adds'], Overwrites>,
  Reindex<T['lookup']['age'], S['spliced'], Overwrites>
> & {};

/** The state after the step, given the grown context and whether to rebuild the index. */
type Regrow<T extends ChainState, S extends Step, Ctx, Rebuild extends boolean> = Settle<
  T['req'],
  Ctx,
  IsPassed<S['out']> extends true ? Narrower<T['res'], S['inner']> : S['inner'],
  IsHandlerResponse<T['out']> extends true ? (IsPassed<S['out']> extends true ? HandlerResponse : Unpassed<S['out']>) : T['out'],
  S['sync'] extends string ? S['sync'] : S['async'] extends string ? false : T['sync'],
  T['async'] extends string ? T['async'] : S['async'],
  IsPassed<S['out']> extends true ? ([T['res']] extends [S['inner']] ? T['from'] : S['innerFrom']) : S['innerFrom'],
  IsHandlerResponse<T['out']> extends true ? (IsPassed<S['out']> extends true ? T['outFrom'] : S['outFrom']) : T['outFrom'],
  Reads<T, S>,
  FlatAfter<Rebuild, Ctx, T['lookup']['flat']>,
  Rebuild extends true ? {} : [keyof S['adds']] extends [never] ? T['lookup']['recent'] : T['lookup']['recent'] & S['adds'],
  NextAge<T['lookup']['age'], Rebuild>
> & {};

/**
 * `reads` after the step: each field of the base the step reads first, with who
 * reads it. Only fields of the base are recorded, so this stays as small as the
 * base however long the chain grows.
 */
type Reads<T extends ChainState, S extends Step> = S['spliced'] extends true
  ? SubChainReads<T['reads'], Exclude<keyof S['reads'] & keyof T['req'], keyof T['reads']>, S['reads']>
  : LayerReads<T['reads'], Exclude<keyof S['needs'] & keyof T['req'], keyof T['reads']>, S['label']>;

type LayerReads<Reads extends object, New extends PropertyKey, Label extends string> = [New] extends [never] ? Reads : Reads & { [K in New]: Label };

type SubChainReads<Reads extends object, New extends PropertyKey, Labels> = [New] extends [never]
  ? Reads
  : Reads & { [K in New]: Labels[K & keyof Labels] extends infer L extends string ? InSubChain<L> : never };

type Settle<
  Req extends object,
  Ctx,
  Res,
  Out,
  Sync extends string | false,
  Async extends string | false,
  From extends string,
  OutFrom extends string,
  Reads extends object,
  Flat,
  Recent,
  Age extends number,
> = {
  req: Req;
  ctx: Ctx;
  res: Res;
  out: Out;
  sync: Sync;
  async: Async;
  from: From;
  outFrom: OutFrom;
  reads: Reads;
  lookup: { flat: Flat; recent: Recent; age: Age };
} & {}; // `& {}`: an object type written as the whole body of an alias would keep the alias (and show as `Settle<…>`)
