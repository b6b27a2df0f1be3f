// The example app on Bun: `bun dist/examples/bun.js` (PORT, HOST from the environment).
import { toFetchHandler } from 'shallot/http';
import { app } from './app.js';

declare const Bun: {
  serve(options: { port: number; hostname: string; fetch: (request: Request) => Promise<Response> }): { port: number; hostname: string };
};
declare const process: { env: Record<string, string | undefined> };

const server = Bun.serve({ port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1', fetch: toFetchHandler(app) });
console.log(`shallot example listening on http://${server.hostname}:${server.port}`);
