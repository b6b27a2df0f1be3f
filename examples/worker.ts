// The example app as a Cloudflare Worker (an ES module worker, served by workerd).
import { toFetchHandler } from 'shallot/http';
import { app } from './app.js';

export default { fetch: toFetchHandler(app) };
