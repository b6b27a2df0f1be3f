/**
 * shallot/node: serve a shallot app on node:http.
 *
 * @module
 */
export { BodyTooLargeError } from './body.js';
export { answerClientError } from './client-error.js';
export { toNodeListener, type NodeListenerOptions } from './listener.js';
export { serve, type Served, type ServeOptions } from './serve.js';
