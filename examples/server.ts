// `npm run example`: serves the example app on node:http, through the handler that
// `shallot codegen` generated from examples/app.ts (examples/app.gen.ts; the
// preexample script regenerates it and compiles it).
import { serve } from 'shallot/node';
import { app } from './app.gen.js';

const { layers, generated } = app.description;
const names = [...layers.map((layer) => layer.name), 'handler'].join(' -> ');
console.log(`shallot example: serving ${generated === true ? 'the generated handler (examples/app.gen.ts)' : 'the runtime chain'}: ${names}`);

const server = await serve(app, { port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1' });
console.log(`shallot example listening on ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
