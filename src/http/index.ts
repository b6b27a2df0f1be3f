/**
 * shallot/http: HTTP on Fetch `Request`/`Response`, for every runtime. The base
 * context, a Fetch handler, response helpers and the built-in layers.
 *
 * @module
 */
export { BadRequestError } from './bad-request.js';
export { contextOf, type HttpContext } from './context.js';
export { cors, type CorsLayer, type CorsOptions } from './cors.js';
export { errorBoundary, type ErrorBoundaryLayer, type ErrorBoundaryOptions } from './error-boundary.js';
export { isResponse, toFetchHandler, type FetchHandlerOptions, type HttpApp } from './fetch.js';
export type { HttpLayer } from './layer.js';
export { logger, type LoggerLayer, type LoggerOptions } from './logger.js';
export { readJson } from './read-json.js';
export { requestId, type RequestIdLayer, type RequestIdOptions } from './request-id.js';
export { json, nativeResponse, text, withHeader, type JsonResponse } from './response.js';
export { setHeader, type SetHeaderLayer, type SetHeaderOptions } from './set-header.js';
export type { Sink } from './sink.js';
export { timing, type TimingLayer, type TimingOptions } from './timing.js';
