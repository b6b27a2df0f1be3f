import type { ChainError } from './error.js';
import type { LayerTypes } from './layer.js';
import type {
  AsyncBelowSyncText,
  AsyncHandlerBelowSyncText,
  FieldsText,
  KeyName,
  MissingFieldText,
  MissingFromBaseText,
  NotProvided,
  WrongFieldText,
  WrongHandlerResponseText,
  WrongRequestText,
  WrongResponseText,
} from './messages.js';
import type { FromNext, Unpassed } from './passed.js';
import type { IsHandlerResponse, MayBePromise } from './response.js';
import type { ChainState } from './state.js';
import type { InSub, InSubChain, LabelOf, NotALayer, Step, SubChain } from './step.js';

/**
 * The compile-time checks of one `.use()`: `never` when the step fits, else the
 * one error to show. Checked in this order: what was passed at all (a factory, an
 * app, …), sync/async colour (check 4), context (checks 1 and 2), response
 * (check 3). Each check costs a constant number of instantiations whatever the
 * chain's length, and a layer (the common case) is checked on a path of its own.
 */
export type UseProblem<T extends ChainState, S extends Step> = S extends LayerTypes
  ? LayerProblem<T, S>
  : S extends SubChain<ChainState>
    ? SubChainProblem<T, S['spliced']>
    : S extends NotALayer<unknown, LayerTypes | undefined>
      ? S['problem']
      : never;

type LayerProblem<T extends ChainState, L extends LayerTypes> = T['sync'] extends string
  ? L['sync'] extends true
    ? LayerNeeds<T, L>
    : ChainError<AsyncBelowSyncText<LabelOf<L>, T['sync']>>
  : LayerNeeds<T, L>;

type LayerNeeds<T extends ChainState, L extends LayerTypes> = Unfit<T['recent'], T['flat'], L['needs'], keyof L['needs']> extends never
  ? IsUnion<L['needs']> extends true
    ? UnionProblem<LabelOf<L>, L['needs'], UnfitMembers<T['recent'], T['flat'], L['needs']>, LayerResponse<T, L>>
    : LayerResponse<T, L>
  : FieldsProblem<T, LabelOf<L>, L['needs'], Problems<T['recent'], T['flat'], L['needs'], keyof L['needs']>>;

/**
 * A request that is a union (`req: Page | Api`): the field by field check above reads only the fields every member
 * has, each as the union of its members' types, so it cannot tell that a chain of `{ kind: 'page'; path: string }`
 * fits neither `Page` (no `locale`) nor `Api`. Here each member of the chain's context (a union `Base` has several)
 * must fit one member of the request, as in an assignment. `Unfit`: the context's members that fit none; `Else`:
 * the next check, when all fit. Asked only of a request that is a union (`IsUnion`, one distribution over one member
 * for the common case).
 */
type UnionProblem<Label extends string, Needs, Unfit, Else> = [Unfit] extends [never] ? Else : ChainError<WrongRequestText<Label>, [needs: Needs, provides: Unfit]>;

/** The members of the context `Flat` (with `Recent` over it) that fit no member of `Needs`. */
type UnfitMembers<Recent, Flat, Needs> = Flat extends unknown ? (true extends FitsOne<Recent, Flat, Needs> ? never : Flat) : never;

/** `true` for each member of `Needs` that the context fits, field by field. */
type FitsOne<Recent, Flat, Needs> = Needs extends unknown ? (Unfit<Recent, Flat, Needs, keyof Needs> extends never ? true : false) : never;

type LayerResponse<T extends ChainState, L extends LayerTypes> = L['out'] extends FromNext
  ? never
  : Unpassed<L['out']> extends T['res']
    ? never
    : ChainError<WrongResponseText<LabelOf<L>, T['from']>, [returns: Unpassed<L['out']>, accepts: T['res']]>;

/** A spliced sub-chain in state `Sub`: the same checks, with its base as what it needs, naming the layer of it at fault. */
type SubChainProblem<T extends ChainState, Sub extends ChainState> = T['sync'] extends string
  ? Sub['async'] extends string
    ? ChainError<AsyncBelowSyncText<InSubChain<Sub['async']>, T['sync']>>
    : SubChainNeeds<T, Sub>
  : SubChainNeeds<T, Sub>;

type SubChainNeeds<T extends ChainState, Sub extends ChainState> = Unfit<T['recent'], T['flat'], Sub['req'], keyof Sub['req']> extends never
  ? IsUnion<Sub['req']> extends true
    ? UnionProblem<'a sub-chain', Sub['req'], UnfitMembers<T['recent'], T['flat'], Sub['req']>, SubChainResponse<T, Sub>>
    : SubChainResponse<T, Sub>
  : FieldsProblem<T, Sub['reads'], Sub['req'], Problems<T['recent'], T['flat'], Sub['req'], keyof Sub['req']>>;

type SubChainResponse<T extends ChainState, Sub extends ChainState> = IsHandlerResponse<Sub['out']> extends true
  ? never
  : Sub['out'] extends T['res']
    ? never
    : ChainError<WrongResponseText<InSubChain<Sub['outFrom']>, T['from']>, [returns: Sub['out'], accepts: T['res']]>;

/**
 * `Then`, unless `X` is `any`: a conditional on a type that is not a bare
 * parameter takes both branches for `any`, so a false branch that reports a
 * problem asks this first. `any` fits everything, as it does in an assignment.
 * Only false branches ask, so the common path costs nothing more. (A layer that
 * hands up `any` never gets here: its definition reads it as handing up what it
 * gets, `HandedUp` in layer.ts; a field or a handler's response can be `any`.)
 */
type UnlessAny<X, Then> = 0 extends 1 & X ? never : Then;

/**
 * `never` when the chain provides every field the layer needs as it needs it (the
 * common case: one conditional per field, distributed over `K`, no object built),
 * else something. Only then does {@link Problems} sort the problems out.
 */
type Unfit<Recent, Flat, Needs, K extends keyof Needs> = K extends keyof Recent
  ? Recent[K] extends Needs[K]
    ? never
    : UnlessAny<Recent[K], K>
  : K extends keyof Flat
    ? Flat[K] extends Needs[K]
      ? never
      : UnlessAny<Flat[K], K>
    : {} extends Pick<Needs, K>
      ? never
      : K;

/**
 * For each field the layer needs: `NotProvided`, `[needs, provides]`, or fine
 * (`never`), for the message: built only when {@link Unfit} found a problem.
 *
 * No `[X] extends [Y]` where `X` is not a bare type parameter, here or in
 * `after.ts`: only a bare parameter distributes, and each tuple is two more
 * instantiations, at every step.
 *
 * HACK: `Keys` is `keyof Needs` passed in, not written in the mapped type, so the
 * mapped type is not homomorphic: a homomorphic one distributes over a union
 * `Needs` (`req: Page | Api`) and compares `Page['kind']` alone with the chain's
 * `'page' | 'api'`. Each field is read off the lookup index (`recent`, then
 * `flat`; see `lookup.ts`), never off the context: `Ctx[K]` on the context
 * intersection walks all n of its members and merges their properties.
 *
 * HACK: the problems `P` are an alias parameter, never inferred
 * through `extends infer P`. `P`'s mapper holds the chain's state, and a type
 * inferred by a conditional is instantiated again through a composite mapper,
 * which walks the state and all n members of its context: O(n) per step.
 */
type Problems<Recent, Flat, Needs, Keys extends keyof Needs> = {
  [K in Keys]-?: K extends keyof Recent
    ? Recent[K] extends Needs[K]
      ? never
      : UnlessAny<Recent[K], [needs: Needs[K], provides: Recent[K]]>
    : K extends keyof Flat
      ? Flat[K] extends Needs[K]
        ? never
        : UnlessAny<Flat[K], [needs: Needs[K], provides: Flat[K]]>
      : {} extends Pick<Needs, K>
        ? never
        : NotProvided;
};

/**
 * One problem gets its own message; several get one message listing them, in the
 * order the layer declares them. `Labels` is the layer's label, or for a
 * sub-chain its `reads` (who first reads each field of its base).
 */
type FieldsProblem<T extends ChainState, Labels, Needs, P> = Faulty<P> extends infer F
  ? [F] extends [never]
    ? never
    : IsUnion<F> extends true
      ? ChainError<FieldsText<FieldLabel<Labels, never>>, { [K in keyof Needs as K extends F ? K : never]: P[K & keyof P] }>
      : P[F & keyof P] extends NotProvided
        ? ChainError<MissingText<T, FieldLabel<Labels, F>, KeyName<F>>>
        : ChainError<WrongFieldText<FieldLabel<Labels, F>, KeyName<F>>, P[F & keyof P]>
  : never;

/** The keys whose problem is not `never`. */
type Faulty<P> = { [K in keyof P]: [P[K]] extends [never] ? never : K }[keyof P];

type IsUnion<U, All = U> = U extends unknown ? ([All] extends [U] ? false : true) : never;

/** A missing field: at the first layer, `Base` alone should have had it. */
type MissingText<T extends ChainState, Label extends string, Key extends string> = T['async'] extends false
  ? T['sync'] extends false
    ? MissingFromBaseText<Label, Key>
    : MissingFieldText<Label, Key>
  : MissingFieldText<Label, Key>;

/** Who a message about field `K` names: the layer, or for a sub-chain the first of its layers to read `K`. */
type FieldLabel<Labels, K> = Labels extends string
  ? Labels
  : [K] extends [never]
    ? 'the sub-chain'
    : K extends keyof Labels
      ? InSub<Labels[K] & string>
      : "the sub-chain's Base";

/** The checks of `.handle(fn)` for a handler returning `R`. */
export type HandleProblem<T extends ChainState, R> = T['sync'] extends string
  ? MayBePromise<R> extends true
    ? ChainError<AsyncHandlerBelowSyncText<T['sync']>>
    : HandlerResponseProblem<T, R>
  : HandlerResponseProblem<T, R>;

type HandlerResponseProblem<T extends ChainState, R> = Awaited<R> extends T['res']
  ? never
  : UnlessAny<R, ChainError<WrongHandlerResponseText<T['from']>, [returns: Awaited<R>, accepts: T['res']]>>;
