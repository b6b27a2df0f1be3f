// The example server for scripts/load.mjs: the handler `shallot codegen`
// generated from examples/app.ts (examples/app.gen.ts, committed and kept fresh
// by npm test), served by shallot/node exactly as examples/server.ts serves it, plus an IPC channel the
// load driver uses to learn the port and to read this process's memory (after a
// full GC, so the figures compare like with like). Run with --expose-gc.
import { serve } from 'shallot/node';
import { app } from '../dist/examples/app.gen.js';

const server = await serve(app, { port: 0 });
process.send({ port: server.port });
process.on('message', (message) => {
  if (message === 'memory') {
    globalThis.gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send({ heapUsed, rss });
  }
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
