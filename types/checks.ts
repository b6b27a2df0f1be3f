import type { ChainError } from './error.js';
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
  WrongResponseText,
} from './messages.js';
import type { IsPassed, Unpassed } from './passed.js';
import type { MayBePromise } from './response.js';
import type { ChainState } from './state.js';
import type { InSubChain, Step } from './step.js';

/**
 * The compile-time checks of one `.use()`: `never` when the step fits, else the
 * one error to show. Checked in this order: what was passed at all (a factory, an
 * app, …), sync/async colour (check 4), context (checks 1 and 2), response
 * (check 3). Each check costs a constant number of instantiations whatever the
 * chain's length. Reading `T['sync']` first, on every step, also settles the
 * previous step's state (see `after.ts`).
 */
export type UseProblem<T extends ChainState, S extends Step> = [S['problem']] extends [never]
  ? T['sync'] extends string
    ? S['async'] extends string
      ? ChainError<AsyncBelowSyncText<S['async'], T['sync']>>
      : NeedsProblem<T, S>
    : NeedsProblem<T, S>
  : S['problem'];

type NeedsProblem<T extends ChainState, S extends Step> = FieldsProblem<T, S, S['needs'], Problems<T, S['needs'], keyof S['needs']>> extends infer E
  ? [E] extends [never]
    ? ResponseProblem<T, S>
    : E
  : never;

/**
 * For each field the layer needs: `NotProvided`, `[needs, provides]`, or fine
 * (`never`).
 *
 * HACK: `Keys` is `keyof Needs` passed in, not written in the mapped type, so the
 * mapped type is not homomorphic: a homomorphic one distributes over a union
 * `Needs` (`req: Page | Api`) and compares `Page['kind']` alone with the chain's
 * `'page' | 'api'`. Each field is read off the lookup index (`recent`, then
 * `flat`; see `lookup.ts`), never off the context: `Ctx[K]` on the context
 * intersection walks all n of its members and merges their properties.
 */
type Problems<T extends ChainState, Needs, Keys extends keyof Needs> = {
  [K in Keys]-?: K extends keyof T['lookup']['recent']
    ? FieldProblem<T['lookup']['recent'][K], Needs[K]>
    : K extends keyof T['lookup']['flat']
      ? FieldProblem<T['lookup']['flat'][K], Needs[K]>
      : {} extends Pick<Needs, K>
        ? never
        : NotProvided;
};

/**
 * One problem gets its own message; several get one message listing them, in the
 * order the layer declares them.
 *
 * HACK: `P` comes in as a parameter, never through `extends infer P`. `P`'s mapper
 * holds the chain's state, and a type inferred by a conditional is instantiated
 * again through a composite mapper, which walks the state and all n members of
 * its context: O(n) per step.
 */
type FieldsProblem<T extends ChainState, S extends Step, Needs, P> = Faulty<P> extends infer F
  ? [F] extends [never]
    ? never
    : IsUnion<F> extends true
      ? ChainError<FieldsText<LabelOf<S, never>>, { [K in keyof Needs as K extends F ? K : never]: P[K & keyof P] }>
      : P[F & keyof P] extends NotProvided
        ? ChainError<MissingText<T, LabelOf<S, F>, KeyName<F>>>
        : ChainError<WrongFieldText<LabelOf<S, F>, KeyName<F>>, P[F & keyof P]>
  : never;

type FieldProblem<Has, Needs> = [Has] extends [Needs] ? never : [needs: Needs, provides: Has];

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
type LabelOf<S extends Step, K> = S['spliced'] extends true
  ? [K] extends [never]
    ? 'the sub-chain'
    : K extends keyof S['reads']
      ? S['reads'][K] extends infer L extends string
        ? InSubChain<L>
        : never
      : "the sub-chain's Base"
  : S['label'];

type ResponseProblem<T extends ChainState, S extends Step> =
  IsPassed<S['out']> extends true
    ? never
    : [Unpassed<S['out']>] extends [T['res']]
      ? never
      : ChainError<WrongResponseText<S['outFrom'], T['from']>, [returns: Unpassed<S['out']>, accepts: T['res']]>;

/** The checks of `.handle(fn)` for a handler returning `R`. */
export type HandleProblem<T extends ChainState, R> = T['sync'] extends string
  ? MayBePromise<R> extends true
    ? ChainError<AsyncHandlerBelowSyncText<T['sync']>>
    : HandlerResponseProblem<T, R>
  : HandlerResponseProblem<T, R>;

type HandlerResponseProblem<T extends ChainState, R> = [Awaited<R>] extends [T['res']]
  ? never
  : ChainError<WrongHandlerResponseText<T['from']>, [returns: Awaited<R>, accepts: T['res']]>;
