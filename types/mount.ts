/**
 * Mounting a chain into another framework (`shallot/koa`, `shallot/hono`): the
 * checks of a builder mounted as host middleware, whose inner handler is the
 * host's downstream, and reading the host's types off what is mounted.
 *
 * The builder's request (`req`) must be what the host's context provides (its layers were
 * checked against `req` and the additions at each `.use()`), its innermost layer
 * must accept a plain `Response` (the host's downstream hands one up), and no
 * layer may be sync (the downstream is async). Each problem is a `ChainError`
 * naming the adapter, the field or the layer, placed on the adapter's argument.
 */
import type { ChainError } from './error.js';
import type { KeyName } from './messages.js';
import type { AnyChain, ChainState, chainState } from './state.js';

/** A base field the host's context lacks. */
export type MountMissingText<Host extends string, Key extends string> = `to${Host}(builder): the chain needs '${Key}', which ${Host}'s context does not provide`;

/** A base field of another type than the host's context has. */
export type MountWrongText<Host extends string, Key extends string> = `to${Host}(builder): the chain needs '${Key}' with another type than ${Host}'s context provides`;

/** A sync layer, which would get the downstream's promise. */
export type MountSyncText<Host extends string, Sync extends string> = `to${Host}(builder): ${Sync} is sync, but ${Host}'s downstream below it is async and would not be awaited: make ${Sync} async with middleware()`;

/** An innermost layer that wants a narrower response than `Response`. */
export type MountResponseText<Host extends string, Above extends string> = `to${Host}(builder): ${Above} does not accept the Response that ${Host}'s downstream hands up`;

/** The request type of what is mounted: a handled chain's parameter, or a builder's base. */
export type MountedRequest<$X> = $X extends (req: infer R) => unknown
  ? R
  : $X extends { readonly [chainState]: { readonly req: infer B } }
    ? B
    : never;

/** The argument type of an adapter given the builder `$C`: `$C` itself when it fits `Ctx`, else the error. */
export type MountParam<$C extends AnyChain, Ctx, Host extends string> = MountProblem<$C[typeof chainState], Ctx, Host> extends infer E
  ? [E] extends [never]
    ? $C
    : E
  : never;

type MountProblem<T extends ChainState, Ctx, Host extends string> = T['sync'] extends string
  ? ChainError<MountSyncText<Host, T['sync']>>
  : BaseProblems<T['req'], Ctx, Host> extends infer E
    ? [E] extends [never]
      ? [Response] extends [T['res']]
        ? never
        : ChainError<MountResponseText<Host, T['from']>>
      : E
    : never;

type BaseProblems<Base, Ctx, Host extends string> = {
  [K in keyof Base]-?: K extends keyof Ctx
    ? [Ctx[K]] extends [Base[K]]
      ? never
      : ChainError<MountWrongText<Host, KeyName<K>>>
    : {} extends Pick<Base, K>
      ? never
      : ChainError<MountMissingText<Host, KeyName<K>>>;
}[keyof Base];
