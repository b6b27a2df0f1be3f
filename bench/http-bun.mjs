// One Bun server for bench/http.bench.mjs: `bun bench/http-bun.mjs <name>` serves
// GET /hello on 127.0.0.1 (a free port, printed as {"port": N} on stdout) with a
// handler of bench/http-fetch.mjs, Hono, or Elysia (its own server on Bun's).
import { elysiaApp, handlers, honoApp } from './http-fetch.mjs';

const name = process.argv[2];
let port;
if (name === 'elysia') {
  const { Elysia } = await import('elysia');
  const app = elysiaApp(Elysia).listen({ port: 0, hostname: '127.0.0.1' });
  port = app.server.port;
} else {
  const fetch = name === 'hono' ? honoApp((await import('hono')).Hono).fetch : handlers[name];
  if (fetch === undefined) {
    console.error(`bench/http-bun.mjs: unknown server ${JSON.stringify(name)}`);
    process.exit(2);
  }
  port = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch }).port;
}
console.log(JSON.stringify({ port }));
