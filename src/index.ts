/**
 * shallot: typed onion-model middleware.
 *
 * @module
 */
export { chain, type ChainOptions } from './chain.js';
export { ShallotError, type ShallotErrorCode } from './errors.js';
export type { ResponseTest } from './guarded.js';
export { middleware } from './middleware.js';
export type {
  AddsOf,
  App,
  AppTypes,
  AppTypesOf,
  Chain,
  ChainDescription,
  ChainError,
  ChainState,
  ContextOf,
  FromNext,
  HandlerResponse,
  LayerInfo,
  LayerTypes,
  Middleware,
  MiddlewareFactory,
  NeedsOf,
  Next,
  NextSync,
  Passed,
  RequestOf,
  ResponseOf,
} from '../types/index.js';
