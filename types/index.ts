// The type-level names the runtime entry points re-export or use. Internal
// machinery is imported from its own file where it is needed. Every type that can
// appear in an inferred chain, app or layer type is exported from `shallot`, so a
// consumer's declaration emit can name it.
export type { App, AppTypes, AppTypesOf, ChainDescription, LayerInfo } from './app.js';
export type { Chain } from './chain.js';
export type { ChainError } from './error.js';
export type { AddsOf, ContextOf, NeedsOf, RequestOf, ResponseOf } from './helpers.js';
export type { LayerTypes, Middleware, MiddlewareFactory } from './layer.js';
export type { Next, NextSync } from './next.js';
export type { FromNext, Passed } from './passed.js';
export type { HandlerResponse } from './response.js';
export type { ChainState } from './state.js';
