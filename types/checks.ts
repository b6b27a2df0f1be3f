import type { ChainError } from './error.js';
import type {
  AsyncBelowSyncText,
  AsyncHandlerBelowSyncText,
  KeyName,
  MissingFieldText,
  WrongFieldText,
  WrongHandlerResponseText,
  WrongResponseText,
} from './messages.js';
import type { IsPassed, Unpassed } from './passed.js';
import type { MayBePromise } from './response.js';
import type { ChainState } from './state.js';
import type { Step } from './step.js';

/**
 * The compile-time checks of one `.use()`: `never` when the step fits, else the
 * error to show. Checked in this order: sync/async colour (check 4), context
 * (checks 1 and 2), response (check 3). Each check costs a constant number of
 * instantiations whatever the chain's length. Reading `T['sync']` first, on every
 * step, also settles the previous step's state (see `after.ts`).
 */
export type UseProblem<T extends ChainState, S extends Step> = T['sync'] extends string
  ? S['async'] extends true
    ? ChainError<AsyncBelowSyncText<S['label'], T['sync']>>
    : NeedsProblem<T, S>
  : NeedsProblem<T, S>;

/**
 * For each field the layer needs: missing, of another type, or fine (`never`).
 *
 * HACK: checked key by key, and each field read off the lookup index (`recent`,
 * then `flat`; see `lookup.ts`), never off the context. `[Ctx] extends [Needs]`
 * would put the context in a conditional's check type, which TypeScript
 * instantiates permissively and restrictively, walking all n members of the
 * context; `Ctx[K]` on the context intersection walks them too, and merges all
 * their properties. Through the index, each step costs O(fields needed).
 */
type NeedsProblem<T extends ChainState, S extends Step> = FieldProblems<T, S['needs'], S['label']> extends infer E
  ? [E] extends [never]
    ? ResponseProblem<T, S>
    : E
  : never;

type FieldProblems<T extends ChainState, Needs, Label extends string> = {
  [K in keyof Needs]-?: K extends keyof T['recent']
    ? FieldProblem<T['recent'][K], Needs[K], Label, K>
    : K extends keyof T['flat']
      ? FieldProblem<T['flat'][K], Needs[K], Label, K>
      : {} extends Pick<Needs, K>
        ? never
        : ChainError<MissingFieldText<Label, KeyName<K>>>;
}[keyof Needs];

type FieldProblem<Has, Needs, Label extends string, K> = [Has] extends [Needs]
  ? never
  : ChainError<WrongFieldText<Label, KeyName<K>>>;

type ResponseProblem<T extends ChainState, S extends Step> =
  IsPassed<S['out']> extends true
    ? never
    : [Unpassed<S['out']>] extends [T['expect']]
      ? never
      : ChainError<WrongResponseText<S['label'], T['expectFrom']>>;

/** The checks of `.handle(fn)` for a handler returning `R`. */
export type HandleProblem<T extends ChainState, R> = T['sync'] extends string
  ? MayBePromise<R> extends true
    ? ChainError<AsyncHandlerBelowSyncText<T['sync']>>
    : HandlerResponseProblem<T, R>
  : HandlerResponseProblem<T, R>;

type HandlerResponseProblem<T extends ChainState, R> = [Awaited<R>] extends [T['expect']]
  ? never
  : ChainError<WrongHandlerResponseText<T['expectFrom']>>;
