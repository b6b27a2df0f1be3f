import type { Grow } from './context.js';
import type { LayerTypes } from './layer.js';
import type { FlatAfter, NextAge, Overlaps, Reindex } from './lookup.js';
import type { FromNext, Unpassed } from './passed.js';
import type { HandlerResponse, IsHandlerResponse, Narrower } from './response.js';
import type { ChainState } from './state.js';
import type { InSub, InSubChain, LabelOf, NotALayer, Step, SubChain } from './step.js';

/**
 * The chain state after a step, checked or not: after a rejected step the chain
 * goes on as if the step were right (one mistake, one error). An async layer below
 * a sync one counts as if the sync one were async, so the layers and the handler
 * below are not blamed for it too; an uncalled factory counts as the layer it
 * makes; anything else that is no layer (an app, a plain value) leaves the state
 * as it was.
 *
 * Each step is O(1): a transparent layer (the usual kind: it hands up what
 * `next()` gave it) and a layer that maps responses take separate paths, so each
 * path evaluates only what changes, and a label (`middleware 'auth'`) is spelled
 * only on the branch that stores it.
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
export type After<T extends ChainState, S extends Step> = S extends LayerTypes
  ? LayerAfter<T, S, S['out'] extends FromNext ? true : false, Overlaps<T['flat'], T['recent'], S['adds']>>
  : S extends SubChain<ChainState>
    ? SubChainAfter<T, S['spliced']>
    : S extends NotALayer<unknown, infer L extends LayerTypes>
      ? LayerAfter<T, L, L['out'] extends FromNext ? true : false, Overlaps<T['flat'], T['recent'], L['adds']>>
      : T;

/** After a layer: a transparent one narrows `res`; one that maps responses sets `res`, and `out` if it is the outermost to. */
type LayerAfter<T extends ChainState, L extends LayerTypes, Transparent extends boolean, Overwrites extends boolean> = Transparent extends true
  ? L['inner'] extends T['res']
    ? T['res'] extends L['inner']
      ? LayerSettle<T, L, Overwrites, T['res'], T['from'], T['out'], T['outFrom']>
      : LayerSettle<T, L, Overwrites, L['inner'], LabelOf<L>, T['out'], T['outFrom']>
    : LayerSettle<T, L, Overwrites, Narrower<T['res'], L['inner']>, T['res'] extends L['inner'] ? T['from'] : LabelOf<L>, T['out'], T['outFrom']>
  : T['out'] extends HandlerResponse
    ? LayerSettle<T, L, Overwrites, L['inner'], LabelOf<L>, Unpassed<L['out']>, LabelOf<L>>
    : LayerSettle<T, L, Overwrites, L['inner'], LabelOf<L>, T['out'], T['outFrom']>;

/** The state after a layer, given its response fields. */
type LayerSettle<
  T extends ChainState,
  L extends LayerTypes,
  Overwrites extends boolean,
  Res,
  From extends string,
  Out,
  OutFrom extends string,
  Rebuild extends boolean = Reindex<T['age'], false, Overwrites>,
  Ctx = Grow<T['ctx'], L['adds'], Overwrites>,
> = Settle<
  T['req'],
  Ctx,
  Res,
  Out,
  L['sync'] extends true ? LabelOf<L> : false,
  T['async'] extends string ? T['async'] : L['sync'] extends true ? false : LabelOf<L>,
  From,
  OutFrom,
  keyof L['needs'] & keyof T['req'] extends never ? T['reads'] : LayerReads<T['reads'], keyof L['needs'] & keyof T['req'], L>,
  FlatAfter<Rebuild, Ctx, T['flat']>,
  Rebuild extends true ? {} : T['recent'] & L['adds'], // `X & {}` is `X`: a layer that adds nothing leaves `recent` as it was
  NextAge<T['age'], Rebuild>
> & {};

/**
 * After a spliced sub-chain (state `Sub`): its context is intersected with the
 * chain's, the index rebuilt, and its labels marked `(in a sub-chain)`.
 */
type SubChainAfter<T extends ChainState, Sub extends ChainState, Ctx = T['ctx'] & Sub['ctx']> = Settle<
  T['req'],
  Ctx,
  IsHandlerResponse<Sub['out']> extends true ? Narrower<T['res'], Sub['res']> : Sub['res'],
  IsHandlerResponse<T['out']> extends true ? (IsHandlerResponse<Sub['out']> extends true ? HandlerResponse : Sub['out']) : T['out'],
  Sub['sync'] extends string ? InSubChain<Sub['sync']> : Sub['async'] extends string ? false : T['sync'],
  T['async'] extends string ? T['async'] : InSub<Sub['async']>,
  IsHandlerResponse<Sub['out']> extends true ? (T['res'] extends Sub['res'] ? T['from'] : InSubChain<Sub['from']>) : InSubChain<Sub['from']>,
  IsHandlerResponse<T['out']> extends true ? (IsHandlerResponse<Sub['out']> extends true ? T['outFrom'] : InSubChain<Sub['outFrom']>) : T['outFrom'],
  SubChainReads<T['reads'], Exclude<keyof Sub['reads'] & keyof T['req'], keyof T['reads']>, Sub['reads']>,
  FlatAfter<true, Ctx, T['flat']>,
  {},
  0
> & {};

/**
 * `reads` after a layer: each field of the base a layer reads first, with who
 * reads it. Only fields of the base are recorded, so this stays as small as the
 * base however long the chain grows; most layers read none, and leave it at once.
 */
type LayerReads<Reads extends object, Read extends PropertyKey, L extends LayerTypes> = [Read] extends [never]
  ? Reads
  : [Exclude<Read, keyof Reads>] extends [never]
    ? Reads
    : Reads & { [K in Exclude<Read, keyof Reads>]: LabelOf<L> };

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
  flat: Flat;
  recent: Recent;
  age: Age;
} & {}; // `& {}`: an object type written as the whole body of an alias would keep the alias (and show as `Settle<…>`)
