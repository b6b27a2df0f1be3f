import type { Chain } from '../types/chain.js';
import type { Start } from '../types/state.js';
import { composeFast, type RuntimeHandler } from './compose.js';
import { nodeEnv } from './env.js';
import { ShallotError, badArgument, describe } from './errors.js';
import { composeGuarded, type ResponseTest } from './guarded.js';
import { isLayer, type RuntimeLayer } from './middleware.js';
import { partsOf } from './parts.js';

/**
 * Options of {@link chain}.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { isResponse } from 'shallot/http';
 *
 * const strict = chain<{ path: string }>({ guards: true, isResponse });
 * const fast = chain<{ path: string }>({ guards: false }); // as in production
 * ```
 */
export interface ChainOptions {
  /**
   * The runtime guards (missing await, non-response results, sync layers that
   * meet a promise, bad additions). A second `next()` in one layer is caught
   * with the guards off too. Default: on, unless `NODE_ENV` is `production`.
   */
  readonly guards?: boolean | undefined;
  /**
   * What counts as a response for the guards. Default: anything but `undefined`
   * and `null`. For HTTP chains, pass `isResponse` from `shallot/http`.
   */
  readonly isResponse?: ResponseTest | undefined;
}

const defaultIsResponse: ResponseTest = (value) => value !== undefined && value !== null;

const guardsByDefault = (): boolean => nodeEnv() !== 'production';

class ChainBuilder {
  readonly kind = 'chain';
  readonly #layers: readonly RuntimeLayer[];
  readonly #options: ChainOptions;

  constructor(layers: readonly RuntimeLayer[], options: ChainOptions) {
    this.#layers = layers;
    this.#options = options;
  }

  use(layer: unknown): ChainBuilder {
    if (layer instanceof ChainBuilder) return new ChainBuilder([...this.#layers, ...layer.#layers], this.#options);
    if (isLayer(layer)) return new ChainBuilder([...this.#layers, layer], this.#options);
    const after = this.#layers.at(-1);
    throw badArgument(
      'chain.use()',
      `expected a middleware (from middleware()) or a chain, got ${describe(layer)} at position ${this.#layers.length + 1}${after ? `, after middleware '${after.name}'` : ''}`,
    );
  }

  handle(handler: unknown): unknown {
    if (typeof handler !== 'function') {
      throw badArgument('chain.handle(fn)', `fn must be a function (req) => response, got ${describe(handler)}`);
    }
    const layers = this.#layers;
    const asyncCount = countAsync(layers);
    const guards = this.#options.guards ?? guardsByDefault();
    const isResponse = this.#options.isResponse ?? defaultIsResponse;
    const run = guards
      ? composeGuarded(layers, handler as RuntimeHandler, isResponse)
      : composeFast(layers, asyncCount, handler as RuntimeHandler);
    // `run` is made fresh by this call, so it can carry the description itself:
    // no wrapper call per request.
    return Object.defineProperty(run, 'description', {
      value: Object.freeze(
        hidden(hidden(
          {
            layers: Object.freeze(layers.map((layer) => Object.freeze(described(layer)))),
            sync: asyncCount === 0,
            guards,
          },
          'handler',
          handler,
        ), 'isResponse', guards ? isResponse : undefined),
      ),
      enumerable: true,
    });
  }
}

/** A layer as its chain's description shows it: name and sync flag, with its function (and its parts, when it is made of them: src/parts.ts) hidden. */
function described(layer: RuntimeLayer): object {
  const out = hidden({ name: layer.name, sync: layer.sync }, 'fn', layer.fn);
  const parts = partsOf(layer);
  return parts === undefined ? out : hidden(out, 'parts', parts);
}

/**
 * `target` with a non-enumerable `key`: the functions a description carries
 * for tools (codegen calls what it cannot inline) stay out of logs and of
 * equality checks on the description.
 */
function hidden<T extends object>(target: T, key: string, value: unknown): T {
  return Object.defineProperty(target, key, { value, enumerable: false });
}

/** The number of leading async layers; throws when an async layer sits below a sync one. */
function countAsync(layers: readonly RuntimeLayer[]): number {
  let a = 0;
  while (a < layers.length && !layers[a]!.sync) a++;
  const late = layers.findIndex((layer, i) => i > a && !layer.sync);
  if (late !== -1) {
    const sync = layers[late - 1]!.name;
    throw new ShallotError(
      'ASYNC_BELOW_SYNC',
      `middleware '${layers[late]!.name}' is async, but middleware '${sync}' above it is sync and would not await it: declare '${sync}' with middleware(), or '${layers[late]!.name}' with middleware.sync()`,
      layers[late]!.name,
    );
  }
  return a;
}

/**
 * Starts a chain over the request type `Base`. Add layers with `.use()`, outermost
 * first, and close it with `.handle(fn)`.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 *
 * const app = chain<{ path: string }>()
 *   .use(logging)
 *   .use(header)
 *   .handle(() => new Response('hello'));
 *
 * const res = await app({ path: '/' });
 * ```
 */
export function chain<Base extends object = {}>(options: ChainOptions = {}): Chain<Start<Base>> {
  if (typeof options !== 'object' || options === null) {
    throw badArgument('chain(options)', `options must be an object, got ${describe(options)}`);
  }
  return new ChainBuilder([], options) as unknown as Chain<Start<Base>>;
}
