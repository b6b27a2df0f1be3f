// The example app on Deno: `deno run --allow-net --allow-env dist/examples/deno.js`.
import { toFetchHandler } from 'shallot/http';
import { app } from './app.js';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { port: number; hostname: string; onListen: (address: { hostname: string; port: number }) => void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
};

Deno.serve(
  {
    port: Number(Deno.env.get('PORT') ?? 3000),
    hostname: Deno.env.get('HOST') ?? '127.0.0.1',
    onListen: ({ hostname, port }) => console.log(`shallot example listening on http://${hostname}:${port}`),
  },
  toFetchHandler(app),
);
