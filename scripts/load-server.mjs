// The example server for scripts/load.mjs: the handler `shallot codegen`
// generated from examples/app.ts (examples/app.gen.ts, committed and kept fresh
// by npm test), served by shallot/node as examples/server.ts serves it, plus:
// - POST /upload, for the hostile phase (scripts/load-hostile.mjs): it looks at a
//   header of the built Request (which makes the body stream) and answers 401
//   without reading the body, so the server has to drain it;
// - an IPC channel the load driver uses to learn the port and to read this
//   process's memory (after a full GC, so the figures compare like with like),
//   open file descriptors and connections. Run with --expose-gc.
import { readdirSync } from 'node:fs';
import { text } from 'shallot/http';
import { serve } from 'shallot/node';
import { app } from '../dist/examples/app.gen.js';

const upload = (req) => {
  req.request.headers.get('authorization');
  return text('sign in first', { status: 401 });
};

const server = await serve((req) => (req.method === 'POST' && req.path === '/upload' ? upload(req) : app(req)), { port: 0 });
/** Open file descriptors of this process (Linux), or -1 where /proc is missing. */
const fds = () => {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
};
process.send({ port: server.port });
process.on('message', (message) => {
  if (message === 'memory') {
    globalThis.gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    server.server.getConnections((_error, connections) => process.send({ heapUsed, rss, fds: fds(), connections }));
  }
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
