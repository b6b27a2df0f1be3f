// The type-level names the runtime entry points re-export or use. Internal
// machinery is imported from its own file where it is needed.
export type { App, AppTypes, ChainDescription, LayerInfo } from './app.js';
export type { Chain } from './chain.js';
export type { ChainError } from './error.js';
export type { AddsOf, ContextOf, NeedsOf, RequestOf, ResponseOf } from './helpers.js';
export type { LayerTypes, Middleware, MiddlewareFactory } from './layer.js';
export type { Next, NextSync } from './next.js';
export type { Passed } from './passed.js';
export type { ChainState } from './state.js';
